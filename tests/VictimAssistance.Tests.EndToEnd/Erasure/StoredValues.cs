using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>A survivor with values found nowhere else in the tests, and a search for them through all of one storage account.</summary>
public sealed record DistinctSurvivor(string GivenName, string FamilyName, string Phone, string DateOfBirth, string Community, string Note)
{
    /// <summary>What must not be stored anywhere after erasure: the phone by its digits, so a copy without its + is found too.</summary>
    public IReadOnlyList<string> Values => [GivenName, FamilyName, Phone.TrimStart('+'), DateOfBirth, Community, Note];

    public JsonObject Registration(string area, params string[] services)
    {
        var body = CaseSamples.Registration();
        var survivor = body["survivor"]!;
        survivor["givenName"] = GivenName;
        survivor["familyName"] = FamilyName;
        survivor["phone"] = Phone;
        survivor["dateOfBirth"] = DateOfBirth;
        survivor["location"]!["admin1"] = area;
        survivor["location"]!["community"] = Community;
        body["needs"] = new JsonArray(services.Select(service => (JsonNode?)new JsonObject { ["serviceType"] = service, ["urgency"] = "emergency", ["notes"] = Note }).ToArray());
        return body;
    }
}

public static class StoredValues
{
    /// <summary>Where each value is stored: table/partition/row or queue, for every table, queue and poison queue of the account.</summary>
    public static async Task<List<string>> FindAsync(AzuriteFixture azurite, IReadOnlyList<string> values)
    {
        var found = new List<string>();
        var storage = azurite.Storage;
        await foreach (var table in storage.Tables.QueryAsync())
        {
            await foreach (var entity in storage.Table(table.Name).QueryAsync<TableEntity>())
            {
                var text = string.Join('\n', entity.Select(property => property.Value?.ToString()));
                found.AddRange(Matches(values, text).Select(value => $"{value} in {table.Name}/{entity.PartitionKey}/{entity.RowKey}"));
            }
        }

        var queues = new QueueServiceClient(azurite.ConnectionString);
        await foreach (var queue in queues.GetQueuesAsync())
        {
            foreach (var message in (await queues.GetQueueClient(queue.Name).PeekMessagesAsync(32)).Value)
            {
                var raw = message.Body.ToString();
                found.AddRange(Matches(values, raw + "\n" + Decoded(raw)).Select(value => $"{value} in queue {queue.Name}"));
            }
        }

        return found;
    }

    /// <summary>Waits until the app has nothing left to do: every work queue empty (leased messages count) and no outbox entry of the case.</summary>
    public static Task SettledAsync(AzuriteFixture azurite, string caseId) =>
        Eventually.GetAsync(
            async () =>
            {
                var pending = 0;
                foreach (var queue in QueueNames.All)
                {
                    pending += (await azurite.Storage.Queue(queue).GetPropertiesAsync()).Value.ApproximateMessagesCount;
                }

                await foreach (var _ in azurite.Storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)))
                {
                    pending++;
                }

                return pending;
            },
            pending => pending == 0,
            "the queues and the case's outbox to be empty");

    private static IEnumerable<string> Matches(IReadOnlyList<string> values, string text) =>
        values.Where(value => text.Contains(value, StringComparison.OrdinalIgnoreCase));

    private static string Decoded(string raw)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(raw));
        }
        catch (FormatException)
        {
            return string.Empty;
        }
    }
}
