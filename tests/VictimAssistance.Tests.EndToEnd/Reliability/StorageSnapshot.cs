using System.Text;
using Azure.Data.Tables;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>Every row of every table of the app (keys and properties, without the service's Timestamp and ETag), for before/after comparisons.</summary>
public static class StorageSnapshot
{
    public static async Task<IReadOnlyDictionary<string, string>> TakeAsync(StorageClients storage)
    {
        var tables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in TableNames.All)
        {
            var rows = new List<string>();
            await foreach (var row in storage.Table(table).QueryAsync<TableEntity>())
            {
                var text = new StringBuilder($"{row.PartitionKey}/{row.RowKey}");
                foreach (var (name, value) in row.Where(pair => pair.Key is not ("Timestamp" or "odata.etag" or "PartitionKey" or "RowKey")).OrderBy(pair => pair.Key, StringComparer.Ordinal))
                {
                    text.Append($" {name}={value}");
                }

                rows.Add(text.ToString());
            }

            rows.Sort(StringComparer.Ordinal);
            tables[table] = string.Join('\n', rows);
        }

        return tables;
    }

    /// <summary>
    /// Waits until the app has finished every queued message of its own queues, notify-provider included: a notice to
    /// a provider without any channel is recorded in the case history (<c>no_channel</c>); access-log too, whose
    /// messages (the reads a test made) become rows of the AccessLog table.
    /// </summary>
    public static Task WaitUntilQueuesAreDrainedAsync(StorageClients storage) =>
        Eventually.GetAsync(
            async () =>
            {
                var counts = 0;
                foreach (var queue in new[] { QueueNames.CaseOutbox, QueueNames.RouteReferral, QueueNames.NotifyProvider, QueueNames.AccessLog })
                {
                    counts += (await storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                return counts;
            },
            count => count == 0,
            "the app's queues drained");

    public static void AssertUnchanged(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        foreach (var table in TableNames.All)
        {
            Assert.True(before[table] == after[table], $"Table {table} changed:\nbefore:\n{before[table]}\nafter:\n{after[table]}");
        }
    }
}
