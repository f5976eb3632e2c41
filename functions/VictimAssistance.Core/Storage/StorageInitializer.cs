using Microsoft.Extensions.Hosting;
using VictimAssistance.Core.Security;

namespace VictimAssistance.Core.Storage;

/// <summary>
/// Creates the tables and queues at start-up in local development and tests (Azurite). Elsewhere (Azure) the
/// Bicep creates them, so a cold start makes no storage create calls.
/// </summary>
public sealed class StorageInitializer(StorageClients storage, HostingEnvironmentInfo environment) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsLocalDevelopment)
        {
            return;
        }

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
