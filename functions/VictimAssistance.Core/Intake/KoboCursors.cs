using Azure.Data.Tables;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// The IntakeCursors table: per organisation and KoboToolbox project, the highest submission <c>_id</c> the
/// reconciliation has taken in (it moves only after a page was taken in, so an outage never skips a submission), and
/// the edited versions its edit sweep has taken in.
/// </summary>
public sealed class KoboCursors(StorageClients storage)
{
    private const string LastId = nameof(LastId);

    private TableClient Rows => storage.Table(TableNames.IntakeCursors);

    public async Task<long> ReadAsync(string organization, string assetUid, CancellationToken cancellationToken)
    {
        var row = await Rows.GetEntityIfExistsAsync<TableEntity>(organization, assetUid, [LastId], cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetInt64(LastId) ?? 0 : 0;
    }

    /// <summary>Whether the edit sweep has taken in this version of an edited submission before.</summary>
    public async Task<bool> HasTakenInEditAsync(string organization, string assetUid, string submissionUuid, CancellationToken cancellationToken) =>
        (await Rows.GetEntityIfExistsAsync<TableEntity>(organization, EditKey(assetUid, submissionUuid), ["RowKey"], cancellationToken).ConfigureAwait(false)).HasValue;

    public async Task MarkEditTakenInAsync(string organization, string assetUid, string submissionUuid, CancellationToken cancellationToken) =>
        await Rows.UpsertEntityAsync(new TableEntity(organization, EditKey(assetUid, submissionUuid)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    public async Task SaveAsync(string organization, string assetUid, long lastId, CancellationToken cancellationToken) =>
        await Rows.UpsertEntityAsync(new TableEntity(organization, assetUid) { [LastId] = lastId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

    /// <summary>An edit version's row beside the project's cursor: hashed like a case id, so any uuid makes a valid row key.</summary>
    private static string EditKey(string assetUid, string submissionUuid) => $"{assetUid}-edit-{CaseIds.Derived(assetUid, submissionUuid)}";
}
