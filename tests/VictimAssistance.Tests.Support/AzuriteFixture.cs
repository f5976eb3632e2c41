using System.Diagnostics;
using VictimAssistance.Core.Storage;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// Real storage for one test class: a storage account of its own on the test assembly's one Azurite (see
/// <see cref="SharedAzurite"/>), so the app's table and queue names are isolated from every other class's. A
/// fixture that freezes or stops storage (<see cref="HasOwnAzurite"/>) starts an Azurite of its own instead.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
{
    private AzuriteProcess? own;
    private AzuritePorts? ports;

    /// <summary>The loopback ports of the Azurite that serves <see cref="Account"/>.</summary>
    public AzuritePorts Ports => ports ?? throw new InvalidOperationException("Azurite has not started.");

    /// <summary>This fixture's storage account: no other fixture reads or writes it.</summary>
    public string Account { get; private set; } = AzuriteProcess.DevelopmentAccount;

    public string ConnectionString => AzuriteProcess.ConnectionStringFor(Ports, Account);

    /// <summary>Direct access to the same storage, for asserting what the app wrote.</summary>
    public StorageClients Storage => new(new StorageAccountSettings(ConnectionString, null, null, null, null));

    /// <summary>
    /// True: an Azurite of this fixture's own, which a test may freeze (<see cref="SuspendStorageAsync"/>) or stop
    /// (<see cref="StopStorage"/>) without touching any other class's storage. False (the default): an account on
    /// the shared Azurite, which no test may freeze or stop.
    /// </summary>
    protected virtual bool HasOwnAzurite => false;

    public virtual async Task InitializeAsync()
    {
        if (HasOwnAzurite)
        {
            using var bound = new CancellationTokenSource(Patience.Bound);
            own = await StartAzuriteAsync([AzuriteProcess.DevelopmentAccount], bound.Token);
            ports = own.Ports;
        }
        else
        {
            (ports, Account) = await SharedAzurite.LeaseAccountAsync();
        }
    }

    /// <summary>Freezes this fixture's own Azurite (SIGSTOP): connections are accepted by the kernel and never answered.</summary>
    public Task SuspendStorageAsync() => SignalAsync("STOP");

    /// <summary>Lets a frozen Azurite run again (SIGCONT).</summary>
    public Task ResumeStorageAsync() => SignalAsync("CONT");

    /// <summary>Stops this fixture's own Azurite for good: storage is gone.</summary>
    public void StopStorage() => OwnAzurite().Dispose();

    public virtual Task DisposeAsync()
    {
        own?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Starts an in-memory Azurite on free ports serving the given accounts.</summary>
    internal static async Task<AzuriteProcess> StartAzuriteAsync(IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await AzuriteProcess.StartAsync(RepositoryLayout.FindRoot(), AzuritePorts.Free(), location: null, accounts, cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // A free port was taken between choosing it and Azurite binding it: choose again.
            }
        }
    }

    private AzuriteProcess OwnAzurite() =>
        own ?? throw new InvalidOperationException($"This fixture shares its Azurite with other test classes: override {nameof(HasOwnAzurite)} to freeze or stop storage.");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", $"{OwnAzurite().ProcessId}"]);
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} failed with exit code {kill.ExitCode}.");
        }
    }
}
