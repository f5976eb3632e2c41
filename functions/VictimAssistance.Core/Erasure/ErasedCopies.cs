using Azure;
using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Intake;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Erasure;

/// <summary>
/// Removes an erased case's personal values from every copy beside its head: the history's and the outbox's event
/// data, its referral rows, the providers' referral rows (unlisted), the unmet index, its held form edits and the case
/// list row. Run right after the erasing change and again from the outbox once the handlers of that change have run,
/// so a copy that a handler wrote from the case as it was before is removed too. Idempotent: an erased copy is left
/// as it is.
/// </summary>
public sealed class ErasedCopies(
    CaseStore store, StorageClients storage, UnmetReferralIndex unmet, CaseList list, HeldSubmissionStore held, ConflictRetry conflicts) : ICaseFollowUpHandler
{
    /// <summary>Columns of referral rows that hold personal data, whichever feature added them; removed wherever the rows are.</summary>
    private static readonly string[] PersonalColumns = ["Notes", "ProviderSnapshot"];

    public CaseHandlerStage Stage => CaseHandlerStage.Project;

    public IReadOnlySet<string> EventTypes { get; } = new HashSet<string> { ErasureEvents.Erased.Name };

    public Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken) => EraseAsync(followUp.CaseId, cancellationToken);

    public async Task EraseAsync(string caseId, CancellationToken cancellationToken)
    {
        if (await store.LoadAsync(caseId, cancellationToken).ConfigureAwait(false) is not { IsErased: true } record)
        {
            return;
        }

        await RewriteAsync(store.Cases, CaseRows.RangeFilter(caseId, CaseRows.EventPrefix), RedactEvent, cancellationToken).ConfigureAwait(false);
        await RewriteAsync(store.Cases, CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix), RedactOutbox, cancellationToken).ConfigureAwait(false);
        await RewriteAsync(store.Cases, CaseRows.RangeFilter(caseId, ReferralEntity.RowPrefix), DropPersonalColumns, cancellationToken).ConfigureAwait(false);
        var providerReferrals = storage.Table(TableNames.ProviderReferrals);
        foreach (var referral in record.ReferralRows())
        {
            await unmet.RemoveAsync(referral.ServiceType, referral.ReferralId, cancellationToken).ConfigureAwait(false);
            var rowKey = ProviderReferralIndex.RowKeyOf(referral.CreatedAt, referral.ReferralId);
            foreach (var providerId in ProvidersOf(referral))
            {
                var filter = TableClient.CreateQueryFilter($"PartitionKey eq {providerId} and RowKey eq {rowKey}");
                await RewriteAsync(providerReferrals, filter, row => Unlist(row, record.Head.Version), cancellationToken).ConfigureAwait(false);
            }
        }

        await held.RemoveOfCaseAsync(record.Head.Organization, caseId, cancellationToken).ConfigureAwait(false);
        await list.HandleAsync(new CaseFollowUp(caseId, record.Head.Version, [], _ => Task.FromResult<CaseRecord?>(record)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every provider that has (or had) a row of the referral: the one it names and those it was taken from.</summary>
    private static IEnumerable<string> ProvidersOf(ReferralEntity referral) =>
        ReferralTransitions.ExcludedProviders(referral.ExcludedProviders).Append(referral.ProviderId).OfType<string>().Distinct(StringComparer.Ordinal);

    private static bool RedactEvent(TableEntity row) => Replace(row, nameof(CaseEventEntity.Data), data => EventRedaction.Redact(row.GetString(nameof(CaseEventEntity.Type)) ?? string.Empty, data));

    private static bool RedactOutbox(TableEntity row) => Replace(row, nameof(OutboxEntity.Events), EventRedaction.RedactCommitted);

    private static bool DropPersonalColumns(TableEntity row)
    {
        var dropped = false;
        foreach (var column in PersonalColumns)
        {
            dropped |= row.Remove(column);
        }

        return dropped;
    }

    /// <summary>
    /// The provider's row without personal columns, no longer listed to it, and at the erasing version: a follow-up
    /// of an earlier change that read the case before it was erased, and finishes after this, cannot write its row back.
    /// </summary>
    private static bool Unlist(TableEntity row, int erasingVersion)
    {
        var version = row.GetInt32(nameof(ProviderReferralEntity.Version)) ?? 0;
        var changed = row.GetBoolean(nameof(ProviderReferralEntity.Held)) == true || version < erasingVersion;
        row[nameof(ProviderReferralEntity.Held)] = false;
        row[nameof(ProviderReferralEntity.Version)] = Math.Max(version, erasingVersion);
        return DropPersonalColumns(row) | changed;
    }

    private static bool Replace(TableEntity row, string column, Func<string, string> redact)
    {
        if (row.GetString(column) is not { } before || redact(before) is var after && after == before)
        {
            return false;
        }

        row[column] = after;
        return true;
    }

    /// <summary>Applies <paramref name="edit"/> to each row of the filter and replaces the rows it changed, each with If-Match; a row changed meanwhile is read again.</summary>
    private Task RewriteAsync(TableClient table, string filter, Func<TableEntity, bool> edit, CancellationToken cancellationToken) =>
        conflicts.RunAsync($"Erasing rows of {table.Name}", async token =>
        {
            await foreach (var row in table.QueryAsync<TableEntity>(filter, cancellationToken: token).ConfigureAwait(false))
            {
                if (!edit(row))
                {
                    continue;
                }

                try
                {
                    await table.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, token).ConfigureAwait(false);
                }
                catch (RequestFailedException failed) when (failed.Status == 412)
                {
                    return Attempt.Conflict<bool>();
                }
                catch (RequestFailedException failed) when (failed.Status == 404)
                {
                    // Gone meanwhile (a finished outbox entry): nothing left to erase.
                }
            }

            return Attempt.Settled(true);
        },
        cancellationToken);
}
