using VictimAssistance.Core.Storage;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>A real Azurite, in memory, on free loopback ports, for one test class.</summary>
public class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? azurite;

    public AzuriteProcess Azurite => azurite ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Azurite.ConnectionString;

    /// <summary>Direct access to the same storage, for asserting what the app wrote.</summary>
    public StorageClients Storage => new(new StorageAccountSettings(ConnectionString, null, null, null, null));

    public virtual async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                azurite = await AzuriteProcess.StartAsync(RepositoryLayout.FindRoot(), AzuritePorts.Free(), location: null, timeout.Token);
                return;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // A free port was taken between choosing it and Azurite binding it: choose again.
            }
        }
    }

    public virtual Task DisposeAsync()
    {
        azurite?.Dispose();
        return Task.CompletedTask;
    }
}
