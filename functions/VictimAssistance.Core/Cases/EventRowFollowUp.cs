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
            if (RowFor(followUp.CaseId, item) is { } row)
            {
                await Rows.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The row for one event; null when this event needs none.</summary>
    protected abstract TRow? RowFor(string caseId, CaseFollowUpEvent item);
}
