using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Intake;

/// <summary>
/// The IntakeCursors table: per organisation and KoboToolbox project, the highest submission <c>_id</c> the
/// reconciliation has taken in. It moves only after a page was taken in, so an outage never skips a submission.
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

    public async Task SaveAsync(string organization, string assetUid, long lastId, CancellationToken cancellationToken) =>
        await Rows.UpsertEntityAsync(new TableEntity(organization, assetUid) { [LastId] = lastId }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
}
