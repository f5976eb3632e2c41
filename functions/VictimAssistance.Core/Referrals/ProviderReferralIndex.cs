using System.Globalization;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using VictimAssistance.Core.AccessLog;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Referrals;

/// <summary>
/// A provider's referrals (table ProviderReferrals), kept from the outbox: every event that names a provider
/// rewrites that provider's row of the referral from the case as it is now, unless a newer version is there.
/// </summary>
public sealed partial class ProviderReferralIndex(StorageClients storage, VersionedRows versioned) : ICaseFollowUpHandler
{
    private TableClient Rows => storage.Table(TableNames.ProviderReferrals);

    public CaseHandlerStage Stage => CaseHandlerStage.Index;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string>
    {
        ReferralEvents.Offered.Name, ReferralEvents.Accepted.Name, ReferralEvents.Completed.Name,
        ReferralEvents.Declined.Name, ReferralEvents.Expired.Name, ReferralEvents.Cancelled.Name, ReferralEvents.ProviderAccessEnded.Name,
    };

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        // An offer normally creates the provider's row: its write tries the add alone first.
        var named = followUp.Of(ReferralEvents.Offered).Select(item => (item.Data.ReferralId, (string?)item.Data.ProviderId, Offered: true))
            .Concat(followUp.Of(ReferralEvents.Accepted).Select(item => (item.Data.ReferralId, (string?)item.Data.ProviderId, Offered: false)))
            .Concat(ReferralEvents.Releases(followUp).Select(item => (item.ReferralId, (string?)item.ProviderId, Offered: false)))
            .Concat(followUp.Of(ReferralEvents.ProviderAccessEnded).Select(item => (item.Data.ReferralId, (string?)item.Data.ProviderId, Offered: false)))
            .ToList();
        if (named.Count == 0 || await followUp.CaseAsync(cancellationToken).ConfigureAwait(false) is not { } record)
        {
            return;
        }

        foreach (var (referralId, providerId, offered) in named)
        {
            if (providerId is null || record.ReferralRow(referralId) is not { } referral)
            {
                continue;
            }

            var row = new ProviderReferralEntity
            {
                PartitionKey = providerId,
                RowKey = RowKeyOf(referral.CreatedAt, referralId),
                CaseId = followUp.CaseId,
                Version = record.Head.Version,
                Held = ReferralTransitions.HolderOf(referral) == providerId,
                ReferralId = referralId,
                ServiceType = referral.ServiceType,
                Urgency = referral.Urgency,
                Notes = referral.Notes,
                Status = referral.Status,
                CreatedAt = referral.CreatedAt,
                UpdatedAt = referral.UpdatedAt,
                RespondBy = referral.RespondBy,
                CompletedAt = referral.CompletedAt,
            };
            await (offered
                ? versioned.AddOrWriteIfNewerAsync(Rows, row, cancellationToken)
                : versioned.WriteIfNewerAsync(Rows, row, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>A referral's row key in every provider's partition: newest first, then by id.</summary>
    public static string RowKeyOf(DateTimeOffset createdAt, string referralId) =>
        $"{(DateTimeOffset.MaxValue.UtcTicks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{referralId}";

    /// <summary>
    /// One page of the referrals the provider holds, leaving out those completed at or before
    /// <paramref name="accessEndedForCompletedBy"/>, and the case and referral each one discloses (for the access log).
    /// </summary>
    public async Task<(ReferralPage Page, IReadOnlyList<AccessedRecord> Read)> ListAsync(string providerId, string? status, DateTimeOffset accessEndedForCompletedBy, int limit, string? after, CancellationToken cancellationToken)
    {
        var filter = ListPages.PartitionAfter(providerId, after) + " and Held eq true and "
            + TableClient.CreateQueryFilter($"(Status ne {ReferralStatuses.Completed} or CompletedAt gt {accessEndedForCompletedBy})");
        if (status is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Status eq {status}");
        }

        var (rows, next) = await ListPages.ReadAsync<ProviderReferralEntity>(Rows, filter, limit, cancellationToken).ConfigureAwait(false);
        return (new ReferralPage(rows.Select(row => row.ToReferral()).ToList(), next), rows.Select(row => new AccessedRecord(row.CaseId, row.ReferralId)).ToList());
    }

    [GeneratedRegex("^[0-9]{19}-[0-9a-f]{32}$")]
    internal static partial Regex RowKeyPattern();
}
