using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Cases;

/// <summary>
/// The organisation's case list (table CasesByOrganization): PartitionKey = organisation, RowKey = inverted
/// creation ticks + caseId, so a partition reads newest first. Kept current from the outbox, never on the request path.
/// </summary>
public sealed partial class CaseList(StorageClients storage, VersionedRows versioned, IOptions<CaseListOptions> options) : ICaseFollowUpHandler
{
    private TableClient Rows => storage.Table(TableNames.CasesByOrganization);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public IReadOnlySet<string> EventTypes { get; } = options.Value.EventTypes.ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// The status of an erased case's row: the row stays, without data, at the erasing version, so a follow-up that
    /// read the case before it was erased cannot write its older row back; lists leave it out.
    /// </summary>
    public const string ErasedStatus = "erased";
    public const string WithOpenReferrals = "open";
    public const string WithoutOpenReferrals = "none";

    public static readonly IReadOnlySet<string> ReferralFilters = new HashSet<string>(StringComparer.Ordinal) { WithOpenReferrals, WithoutOpenReferrals };

    public static string RowKeyFor(DateTimeOffset createdAt, string caseId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{caseId}";

    /// <summary>Writes the row from the case's current state unless a newer version is already there.</summary>
    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        if (await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        var head = record.Head;
        var survivor = record.IsErased ? null : record.Details.Survivor;
        var row = new CaseListEntity
        {
            PartitionKey = head.Organization,
            RowKey = RowKeyFor(head.CreatedAt, head.PartitionKey),
            CaseId = head.PartitionKey,
            Version = head.Version,
            Status = record.IsErased ? ErasedStatus : head.Status,
            GivenName = survivor?.GivenName,
            FamilyName = survivor?.FamilyName,
            Sex = survivor?.Sex,
            Admin1 = survivor?.Location?.Admin1,
            CreatedAt = head.CreatedAt,
            UpdatedAt = head.UpdatedAt,
            OpenReferrals = record.OpenReferrals,
        };

        // The registration's follow-up normally writes the row first: try the add alone.
        await (followUp.Has(CaseEvents.Registered)
            ? versioned.AddOrWriteIfNewerAsync(Rows, row, cancellationToken)
            : versioned.WriteIfNewerAsync(Rows, row, cancellationToken)).ConfigureAwait(false);
    }

    public async Task<Outcome<CaseSummaryPage>> ListAsync(string organization, CaseListQuery query, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        errors.OneOf("status", query.Status, Vocabularies.CaseStatus);
        errors.OneOf("referrals", query.Referrals, ReferralFilters);
        errors.Matches("admin1", query.Admin1, CaseValidator.Admin1Code(), CaseValidator.Admin1Rule);
        var limit = ListPages.ReadLimit(errors, query.Limit);
        var after = ListPages.ReadToken(errors, query.ContinuationToken, RowKeyPattern());
        if (!errors.IsEmpty)
        {
            return errors.ToProblem();
        }

        var filter = ListPages.PartitionAfter(organization, after) + " and " + TableClient.CreateQueryFilter($"Status ne {ErasedStatus}");
        if (query.Status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {query.Status}");
        }

        if (query.Admin1 is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Admin1 eq {query.Admin1}");
        }

        if (query.Referrals is not null)
        {
            filter += query.Referrals == WithOpenReferrals ? " and OpenReferrals gt 0" : " and OpenReferrals eq 0";
        }

        var (rows, next) = await ListPages.ReadAsync<CaseListEntity>(Rows, filter, limit, cancellationToken).ConfigureAwait(false);
        return new CaseSummaryPage(rows.Select(row => row.ToSummary()).ToList(), next);
    }

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}$")]
    private static partial Regex RowKeyPattern();
}

/// <summary>
/// The event types after which a case's list row changes: the case's own, and those that features add which
/// change what the row counts (a referral opened or closed).
/// </summary>
public sealed class CaseListOptions
{
    public ISet<string> EventTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { CaseEvents.Registered.Name, CaseEvents.Updated.Name, CaseEvents.Closed.Name };
}
