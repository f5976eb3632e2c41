using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Secrets;

namespace VictimAssistance.Core.Backup;

/// <summary>
/// One table to or from JSON lines: one entity a line, each property with its Table Storage type,
/// so a restore gives back the same keys, values and types. Secrets are exported as they are stored, sealed: a
/// restore needs the data keys that sealed them (<c>Secrets:DataKeys</c>), and a secret in clear is never exported.
/// </summary>
public static class TableJsonLines
{
    // Largest transaction Table Storage accepts; a transaction holds one partition.
    private const int MaxBatch = 100;

    private static readonly HashSet<string> SystemProperties =
        new(StringComparer.Ordinal) { "PartitionKey", "RowKey", "Timestamp", "odata.etag" };

    /// <summary>The columns that hold a secret, sealed by the app (<see cref="SecretCipher"/>).</summary>
    private static readonly HashSet<string> SecretColumns = new(StringComparer.Ordinal) { nameof(ProviderEntity.WebhookSecret) };

    public static async Task<int> ExportAsync(TableClient table, TextWriter output, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            var properties = new JsonObject();
            foreach (var (name, value) in entity.Where(property => !SystemProperties.Contains(property.Key)))
            {
                if (SecretColumns.Contains(name) && !(value is string secret && SealedSecrets.IsSealed(secret)))
                {
                    throw new InvalidOperationException(
                        $"{table.Name} {entity.PartitionKey}/{entity.RowKey}: {name} is not sealed, and a secret is never exported in clear. " +
                        "Start the app once (it seals the secrets stored in clear) and export again.");
                }

                properties[name] = Encode(value);
            }

            var line = new JsonObject
            {
                ["PartitionKey"] = entity.PartitionKey,
                ["RowKey"] = entity.RowKey,
                ["Properties"] = properties,
            };
            await output.WriteLineAsync(line.ToJsonString().AsMemory(), cancellationToken).ConfigureAwait(false);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Writes every entity of the backup, replacing an entity with the same keys; other entities stay, unless
    /// <paramref name="wholePartitions"/>: then each partition of the backup is made exactly as it was (its rows that
    /// the backup does not have are deleted), as a case partition must be, whose head and history go together.
    /// Partitions come one after the other, as the export writes them.
    /// </summary>
    public static async Task<int> ImportAsync(TableClient table, TextReader input, CancellationToken cancellationToken, bool wholePartitions = false)
    {
        await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<TableTransactionAction>();
        var partitionKeys = new HashSet<string>(StringComparer.Ordinal);
        string? partition = null;
        var count = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var entity = Decode(JsonNode.Parse(line)!.AsObject());
            if (batch.Count == MaxBatch || (batch.Count > 0 && batch[0].Entity.PartitionKey != entity.PartitionKey))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
                batch.Clear();
            }

            if (wholePartitions && partition != entity.PartitionKey)
            {
                await DeleteOthersAsync(table, partition, partitionKeys, cancellationToken).ConfigureAwait(false);
                partition = entity.PartitionKey;
                partitionKeys.Clear();
            }

            partitionKeys.Add(entity.RowKey);
            batch.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, entity));
            count++;
        }

        if (batch.Count > 0)
        {
            await table.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        if (wholePartitions)
        {
            await DeleteOthersAsync(table, partition, partitionKeys, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }

    /// <summary>Deletes the rows of the partition whose keys are not among <paramref name="kept"/>.</summary>
    private static async Task DeleteOthersAsync(TableClient table, string? partition, HashSet<string> kept, CancellationToken cancellationToken)
    {
        if (partition is null)
        {
            return;
        }

        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (!kept.Contains(row.RowKey))
            {
                await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, Azure.ETag.All, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static JsonObject Encode(object value) => value switch
    {
        string text => Typed("String", text),
        bool flag => Typed("Boolean", flag),
        int number => Typed("Int32", number),
        long number => Typed("Int64", number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        double number => Typed("Double", number),
        DateTimeOffset time => Typed("DateTime", time.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        DateTime time => Typed("DateTime", time.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        Guid id => Typed("Guid", id.ToString()),
        byte[] bytes => Typed("Binary", Convert.ToBase64String(bytes)),
        BinaryData data => Typed("Binary", Convert.ToBase64String(data.ToArray())),
        _ => throw new NotSupportedException($"Table property type {value.GetType()} is not supported."),
    };

    private static JsonObject Typed(string type, JsonNode? value) => new() { ["Type"] = type, ["Value"] = value };

    private static TableEntity Decode(JsonObject line)
    {
        var entity = new TableEntity(line["PartitionKey"]!.GetValue<string>(), line["RowKey"]!.GetValue<string>());
        foreach (var (name, typed) in line["Properties"]!.AsObject())
        {
            var value = typed!["Value"]!;
            entity[name] = typed["Type"]!.GetValue<string>() switch
            {
                "String" => value.GetValue<string>(),
                "Boolean" => value.GetValue<bool>(),
                "Int32" => value.GetValue<int>(),
                "Int64" => long.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                "Double" => value.GetValue<double>(),
                "DateTime" => DateTimeOffset.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
                "Guid" => Guid.Parse(value.GetValue<string>()),
                "Binary" => Convert.FromBase64String(value.GetValue<string>()),
                var type => throw new JsonException($"Property {name} has unknown type {type}."),
            };
        }

        return entity;
    }
}
