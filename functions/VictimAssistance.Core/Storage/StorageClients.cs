using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace VictimAssistance.Core.Storage;

/// <summary>The one pair of service clients that every feature uses.</summary>
public sealed class StorageClients
{
    /// <summary>Tries after the first, 0.2 s then 0.4 s apart (exponential, with the SDK's jitter).</summary>
    public const int MaxRetries = 2;

    /// <summary>How long one storage call may wait for an answer on one try.</summary>
    public static readonly TimeSpan NetworkTimeout = TimeSpan.FromSeconds(5);

    /// <param name="settings">The account and how to reach it.</param>
    /// <param name="policies">
    /// Steps that every try of every storage call passes through (registered as <see cref="HttpPipelinePolicy"/>):
    /// the app registers none; tests use them to lose answers as a network does.
    /// </param>
    public StorageClients(StorageAccountSettings settings, IEnumerable<HttpPipelinePolicy>? policies = null)
    {
        var tableOptions = new TableClientOptions();
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var rawQueueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None };
        foreach (var options in new ClientOptions[] { tableOptions, queueOptions, rawQueueOptions })
        {
            ConfigureRetries(options.Retry);
            foreach (var policy in policies ?? [])
            {
                options.AddPolicy(policy, HttpPipelinePosition.PerRetry);
            }
        }

        if (settings.UsesIdentity)
        {
            var credential = settings.CreateCredential();
            Tables = new TableServiceClient(settings.TableServiceUri, credential, tableOptions);
            Queues = new QueueServiceClient(settings.QueueServiceUri, credential, queueOptions);
            RawQueues = new QueueServiceClient(settings.QueueServiceUri, credential, rawQueueOptions);
        }
        else
        {
            Tables = new TableServiceClient(settings.ConnectionString, tableOptions);
            Queues = new QueueServiceClient(settings.ConnectionString, queueOptions);
            RawQueues = new QueueServiceClient(settings.ConnectionString, rawQueueOptions);
        }
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>
    /// Message bodies exactly as stored, not base64-decoded: for a poison queue, where the host moves a message it
    /// could not decode unchanged, and where the base64 client would throw on reading it.
    /// </summary>
    public QueueServiceClient RawQueues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    public QueueClient RawQueue(string name) => RawQueues.GetQueueClient(name);

    /// <summary>Sends a small JSON message (ids only), optionally invisible for a while.</summary>
    public async Task<SendReceipt> SendAsync<T>(string queueName, T message, JsonTypeInfo<T> typeInfo, TimeSpan? visibilityDelay, CancellationToken cancellationToken) =>
        await Queue(queueName).SendMessageAsync(
            new BinaryData(JsonSerializer.SerializeToUtf8Bytes(message, typeInfo)),
            visibilityTimeout: visibilityDelay,
            cancellationToken: cancellationToken);

    // The time budget of one storage call: at most 3 tries of 5 s and the waits between them, about 16 s, after
    // which the request answers 503 with Retry-After (or the queue message is retried), instead of the SDK's
    // default of minutes (4 tries of 100 s). A caseworker retries sooner than that, and a queue message is
    // retried anyway. Tighter budgets (3 tries of 2 s, 2 tries of 5 s) turned slow but healthy answers of a
    // loaded Azurite into 503s for concurrent writers of one case, so the per-try wait and the retries stay.
    private static void ConfigureRetries(RetryOptions retry)
    {
        retry.Mode = RetryMode.Exponential;
        retry.MaxRetries = MaxRetries;
        retry.Delay = TimeSpan.FromMilliseconds(200);
        retry.MaxDelay = TimeSpan.FromSeconds(1);
        retry.NetworkTimeout = NetworkTimeout;
    }
}
