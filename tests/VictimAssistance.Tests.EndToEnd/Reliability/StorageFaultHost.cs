using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>
/// The LocalHost reaching its Azurite through <see cref="StorageLink"/>s, so a test can take storage away (cut)
/// and give it back without losing what Azurite holds; <see cref="AzuriteFixture.Storage"/> still reads Azurite
/// directly, for assertions. Cutting its own links leaves every other class's storage alone, so it uses an account
/// on the shared Azurite.
/// </summary>
#pragma warning disable CA1001 // the links are disposed in DisposeAsync, which xunit calls (IAsyncLifetime)
public class StorageFaultHost : IntakeHostFixture
#pragma warning restore CA1001
{
    private StorageLink? table;
    private StorageLink? queue;

    public async Task CutStorageAsync()
    {
        await table!.CutAsync();
        await queue!.CutAsync();
    }

    /// <summary>Takes the queues away and leaves the tables: what a request reads still answers, what it queues does not.</summary>
    public Task CutQueuesAsync() => queue!.CutAsync();

    public void RestoreStorage()
    {
        table!.Restore();
        queue!.Restore();
    }

    public void RestoreQueues() => queue!.Restore();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (table is not null)
        {
            await table.DisposeAsync();
        }

        if (queue is not null)
        {
            await queue.DisposeAsync();
        }
    }

    protected override Dictionary<string, string?> Settings()
    {
        // Called once, after Azurite has started and before the LocalHost is built.
        table = new StorageLink(Ports.Table);
        queue = new StorageLink(Ports.Queue);
        var settings = base.Settings();
        settings["AzureWebJobsStorage"] = AzuriteProcess.ConnectionStringFor(new AzuritePorts(Ports.Blob, queue.Port, table.Port), Account);
        return settings;
    }
}

/// <summary>A <see cref="StorageFaultHost"/> on an Azurite of its own, which a test may freeze (SIGSTOP): freezing the shared one would hang every other class.</summary>
public sealed class FreezableStorageHost : StorageFaultHost
{
    protected override bool HasOwnAzurite => true;
}
