using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VictimAssistance.Core.Storage;

/// <summary>The one pair of service clients that every feature uses.</summary>
public sealed class StorageClients
{
    public StorageClients(StorageAccountSettings settings)
    {
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        ConfigureRetries(tableOptions.Retry);
        ConfigureRetries(queueOptions.Retry);

        if (settings.UsesIdentity)
        {
            var credential = settings.CreateCredential();
            Tables = new TableServiceClient(settings.TableServiceUri, credential, tableOptions);
            Queues = new QueueServiceClient(settings.QueueServiceUri, credential, queueOptions);
        }
        else
        {
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>Sends a small JSON message (ids only), optionally invisible for a while.</summary>
    public async Task<SendReceipt> SendAsync<T>(string queueName, T message, JsonTypeInfo<T> typeInfo, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
        await Queue(queueName).SendMessageAsync(
            new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, typeInfo)),
            visibilityTimeout: visibilityDelay,
            cancellationToken: cancellationToken);

    // A request path waits for storage at most a few seconds before it answers 503, instead of the SDK's
    // default of minutes of retries: a caseworker retries sooner than that, and a queue message is retried anyway.
    private static void ConfigureRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = TimeSpan.FromSeconds(5);
    }
}
