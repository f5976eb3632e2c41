using System.Buffers.Text;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// The organisation's case list (table CasesByOrganization): PartitionKey = organisation, RowKey = inverted
/// creation ticks + caseId, so a partition reads newest first. Kept current from the outbox, never on the request path.
/// </summary>
public sealed partial class CaseList(StorageClients storage) : ICaseFollowUpHandler
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    private TableClient Rows => storage.Table(TableNames.CasesByOrganization);

    public static string RowKeyFor(DateTimeOffset createdAt, string caseId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{caseId}";

    /// <summary>Writes the row from the case's current state unless a newer version is already there.</summary>
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        var record = followUp.Case;
        var head = record.Head;
        var row = new CaseListEntity
        {
            PartitionKey = head.Organization,
            RowKey = RowKeyFor(head.CreatedAt, head.PartitionKey),
            CaseId = head.PartitionKey,
            Version = head.Version,
            Status = head.Status,
            GivenName = record.Details.Survivor?.GivenName,
            FamilyName = record.Details.Survivor?.FamilyName,
            Sex = record.Details.Survivor?.Sex,
            Admin1 = record.Details.Survivor?.Location?.Admin1,
            CreatedAt = head.CreatedAt,
            UpdatedAt = head.UpdatedAt,
            OpenReferrals = record.OpenReferrals,
        };

        for (var attempt = 0; attempt < 5; attempt++)
        {
            var existing = await Rows.GetEntityIfExistsAsync<CaseListEntity>(row.PartitionKey, row.RowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (existing.HasValue && existing.Value!.Version >= row.Version)
            {
                return;
            }

            try
            {
                if (existing.HasValue)
                {
                    await Rows.UpdateEntityAsync(row, existing.Value!.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await Rows.AddEntityAsync(row, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException failed) when (failed.Status is 409 or 412)
            {
                // Another processor wrote the row meanwhile: read it again and keep the newer version.
            }
        }

        throw new InvalidOperationException($"The list row of case {head.PartitionKey} kept changing under concurrent writers.");
    }

    public async Task<Outcome<CaseSummaryPage>> ListAsync(string organization, CaseListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.OneOf("status", query.Status, Vocabularies.CaseStatus);
        errors.Matches("admin1", query.Admin1, CaseValidator.Admin1Code(), CaseValidator.Admin1Rule);
        var limit = DefaultLimit;
        if (query.Limit is not null && (!int.TryParse(query.Limit, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit is < 1 or > MaxLimit))
        {
            errors.Add("limit", $"must be a whole number from 1 to {MaxLimit}.");
        }

        string? after = null;
        if (query.ContinuationToken is not null && !TryDecodeToken(query.ContinuationToken, out after))
        {
            errors.Add("continuationToken", "is not a token this list issued.");
        }

        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {organization}");
        if (after is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"RowKey gt {after}");
        }

        if (query.Status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {query.Status}");
        }

        if (query.Admin1 is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Admin1 eq {query.Admin1}");
        }

        // One row more than asked tells whether another page exists.
        var rows = new List<CaseListEntity>(limit + 1);
        await foreach (var row in Rows.QueryAsync<CaseListEntity>(filter, maxPerPage: limit + 1, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row);
            if (rows.Count > limit)
            {
                break;
            }
        }

        var next = rows.Count > limit ? EncodeToken(rows[limit - 1].RowKey) : null;
        return new CaseSummaryPage(rows.Take(limit).Select(row => row.ToSummary()).ToList(), next);
    }

    private static string EncodeToken(string rowKey) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(rowKey));

    private static bool TryDecodeToken(string token, out string? rowKey)
    {
        rowKey = null;
        if (token.Length > 200)
        {
            return false;
        }

        try
        {
            var decoded = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            rowKey = RowKeyPattern().IsMatch(decoded) ? decoded : null;
            return rowKey is not null;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}$")]
    private static partial Regex RowKeyPattern();
}
