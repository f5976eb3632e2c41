using System.Globalization;
using VictimAssistance.LocalHost;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// The one Azurite of a test assembly: started in memory by the first fixture that needs storage, stopped when the
/// test process exits, and serving a fresh storage account to every fixture. Accounts isolate tables and queues as
/// separate processes did, without a Node.js process per test class on a machine of two cores.
/// </summary>
internal static class SharedAzurite
{
    // Azurite reads its accounts once at start; far more than the fixtures of one assembly (one per test class).
    private const int AccountCount = 200;

    private static readonly Lazy<Task<AzuriteProcess>> Process = new(StartAsync);
    private static int leased;

    /// <summary>The shared Azurite's ports and an account that no other fixture has had.</summary>
    public static async Task<(AzuritePorts Ports, string Account)> LeaseAccountAsync()
    {
        var azurite = await Process.Value;
        var index = Interlocked.Increment(ref leased);
        if (index > AccountCount)
        {
            throw new InvalidOperationException($"The shared Azurite has only {AccountCount} accounts and every one is taken: raise {nameof(AccountCount)}.");
        }

        return (azurite.Ports, Name(index));
    }

    // Storage account names: 3 to 24 lower-case letters and digits.
    private static string Name(int index) => string.Create(CultureInfo.InvariantCulture, $"testclass{index}");

    private static async Task<AzuriteProcess> StartAsync()
    {
        using var bound = new CancellationTokenSource(Patience.Bound);
        var azurite = await AzuriteFixture.StartAzuriteAsync(Enumerable.Range(1, AccountCount).Select(Name).ToList(), bound.Token);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => azurite.Dispose();
        return azurite;
    }
}
