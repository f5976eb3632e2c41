using Microsoft.Extensions.Hosting;

namespace VictimAssistance.Core.Storage;

/// <summary>Creates the tables and queues once at start-up, so no request pays for it.</summary>
public sealed class StorageInitializer(StorageClients storage) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in TableNames.All)
        {
            await storage.Tables.CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }

        foreach (var queue in QueueNames.All)
        {
            await storage.Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            await storage.Queue(QueueNames.Poison(queue)).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
