using Azure.Data.Tables;
using VictimAssistance.Core.Storage;

namespace VictimAssistance.Core.Cases;

/// <summary>A follow-up that upserts one row of a secondary table for each event of the given types that a change wrote.</summary>
public abstract class EventRowFollowUp<TRow>(StorageClients storage, string tableName, IReadOnlyCollection<string> eventTypes) : ICaseFollowUpHandler
    where TRow : class, ITableEntity
{
    protected TableClient Rows => storage.Table(tableName);

    public async Task HandleAsync(CaseFollowUp followUp, CancellationToken cancellationToken)
    {
        foreach (var item in followUp.OfType(eventTypes))
        {
            await Rows.UpsertEntityAsync(RowFor(followUp.CaseId, item), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    protected abstract TRow RowFor(string caseId, CaseFollowUpEvent item);
}
