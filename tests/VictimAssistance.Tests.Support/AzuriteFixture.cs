using System.Diagnostics;
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

    /// <summary>Freezes Azurite (SIGSTOP): connections are accepted by the kernel and never answered.</summary>
    public Task SuspendStorageAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen Azurite run again (SIGCONT).</summary>
    public Task ResumeStorageAsync() => SignalAsync("CONT");

    public virtual Task DisposeAsync()
    {
        azurite?.Dispose();
        return Task.CompletedTask;
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{Azurite.ProcessId}"]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} failed with exit code {kill.ExitCode}.");
        }
    }
}
