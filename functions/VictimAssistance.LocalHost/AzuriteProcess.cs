using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace VictimAssistance.LocalHost;

public sealed record AzuritePorts(int Blob, int Queue, int Table)
{
    public static AzuritePorts Default { get; } = new(10000, 10001, 10002);

    public static AzuritePorts Free() => new(FreePort(), FreePort(), FreePort());

    /// <summary>A loopback port nothing listens on at this moment.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// Azurite from the repository's node_modules (installed with npm ci when missing), started on loopback and
/// stopped by killing it (it ignores SIGTERM once it has served a request); it also stops by itself
/// when the process that started it ends without stopping it (killed, say). It serves the storage accounts it is
/// started with, each with the emulator's well-known key: one process holds many isolated accounts, each with its
/// own tables and queues (the tests give every test class one).
/// </summary>
public sealed class AzuriteProcess : IDisposable
{
    /// <summary>Azurite's well-known account, the only one it serves unless started with others.</summary>
    public const string DevelopmentAccount = "devstoreaccount1";

    // Runs Azurite's script (process.argv[1], as if node had been given it) and ends Azurite when its standard input
    // closes, which the kernel does when the process that started it ends, however it ends: a test host that its
    // runner kills runs no cleanup of its own.
    private const string ExitWithParent = "process.stdin.on('end', () => process.exit(0)); process.stdin.resume(); require(require('path').resolve(process.argv[1]));";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly string[] ListeningServices = ["Blob", "Queue", "Table"];
    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private static readonly TimeSpan InstallLockRetry = TimeSpan.FromMilliseconds(200);
    private readonly Process process;
    private readonly TaskCompletionSource listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int servicesListening;

    // Azurite's own last words (never the app's data), for the start-up failure message.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> errors = new();

    private AzuriteProcess(Process process, AzuritePorts ports)
    {
        this.process = process;
        Ports = ports;
    }

    public AzuritePorts Ports { get; }

    /// <summary>The node process serving storage (tests suspend and resume it to make storage hang).</summary>
    public int ProcessId => process.Id;

    /// <summary>The connection string of its <see cref="DevelopmentAccount"/>.</summary>
    public string ConnectionString => ConnectionStringFor(Ports);

    /// <summary>The connection string of an Azurite account reached on these loopback ports.</summary>
    public static string ConnectionStringFor(AzuritePorts ports, string account = DevelopmentAccount) =>
        $"DefaultEndpointsProtocol=http;AccountName={account};AccountKey={AccountKey};"
        + $"BlobEndpoint=http://127.0.0.1:{ports.Blob}/{account};"
        + $"QueueEndpoint=http://127.0.0.1:{ports.Queue}/{account};"
        + $"TableEndpoint=http://127.0.0.1:{ports.Table}/{account};";

    public static async Task<bool> IsListeningAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <param name="location">Folder for persistent data; null keeps everything in memory (tests).</param>
    public static Task<AzuriteProcess> StartAsync(string repositoryRoot, AzuritePorts ports, string? location, CancellationToken cancellationToken) =>
        StartAsync(repositoryRoot, ports, location, [DevelopmentAccount], cancellationToken);

    /// <param name="location">Folder for persistent data; null keeps everything in memory (tests).</param>
    /// <param name="accounts">The accounts it serves (Azurite's AZURITE_ACCOUNTS), in place of <see cref="DevelopmentAccount"/>.</param>
    /// <remarks>Returns once Azurite says it listens; only <paramref name="cancellationToken"/> bounds the wait.</remarks>
    public static async Task<AzuriteProcess> StartAsync(
        string repositoryRoot, AzuritePorts ports, string? location, IReadOnlyCollection<string> accounts, CancellationToken cancellationToken)
    {
        var script = Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        await EnsureInstalledAsync(repositoryRoot, script, cancellationToken).ConfigureAwait(false);

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AZURITE_ACCOUNTS"] = string.Join(';', accounts.Select(account => $"{account}:{AccountKey}"));
        string[] arguments =
        [
            "-e", ExitWithParent, script,
            "--blobHost", "127.0.0.1", "--blobPort", $"{ports.Blob}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{ports.Queue}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{ports.Table}",
            "--skipApiVersionCheck", "--disableTelemetry", "--silent",
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        if (location is null)
        {
            start.ArgumentList.Add("--inMemoryPersistence");
            start.ArgumentList.Add("--extentMemoryLimit");
            start.ArgumentList.Add("256");
        }
        else
        {
            Directory.CreateDirectory(location);
            start.ArgumentList.Add("--location");
            start.ArgumentList.Add(location);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Azurite could not be started (is Node.js installed?).");
        var azurite = new AzuriteProcess(process, ports);
        process.OutputDataReceived += (_, line) => azurite.NoteStarted(line.Data);
        process.ErrorDataReceived += (_, line) => azurite.Remember(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await azurite.WaitUntilListeningAsync(cancellationToken).ConfigureAwait(false);
            return azurite;
        }
        catch
        {
            azurite.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                // SIGKILL at once. Killing the tree first freezes the process (SIGSTOP) while it looks for children, and a
                // test host that ends in that moment left a frozen Azurite behind. Azurite starts no child processes.
                process.Kill();
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    /// <summary>
    /// Installs Azurite with npm ci unless it is there. Test assemblies run as separate processes at the same time, so
    /// the check and the install hold a lock that every process on the machine shares (a file locked for exclusive
    /// use, per repository): otherwise one process started Azurite from the half-written node_modules of another's
    /// npm ci, or its npm ci removed the modules another's Azurite was loading.
    /// </summary>
    private static async Task EnsureInstalledAsync(string repositoryRoot, string script, CancellationToken cancellationToken)
    {
        await InstallLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var machineLock = await LockInstallAsync(repositoryRoot, cancellationToken).ConfigureAwait(false);
            if (File.Exists(script))
            {
                return;
            }

            var npm = new ProcessStartInfo("npm") { WorkingDirectory = repositoryRoot, UseShellExecute = false };
            foreach (var argument in new[] { "ci", "--no-audit", "--no-fund", "--loglevel=error" })
            {
                npm.ArgumentList.Add(argument);
            }

            using var install = Process.Start(npm) ?? throw new InvalidOperationException("npm could not be started (is Node.js installed?).");
            await install.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            if (install.ExitCode != 0 || !File.Exists(script))
            {
                throw new InvalidOperationException($"npm ci failed with exit code {install.ExitCode}; Azurite is not installed.");
            }
        }
        finally
        {
            InstallLock.Release();
        }
    }

    private static async Task<FileStream> LockInstallAsync(string repositoryRoot, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(repositoryRoot))))[..16];
        var path = Path.Combine(Path.GetTempPath(), $"victim-assistance-azurite-install-{key}.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Another process is checking or installing: its npm ci takes seconds.
                await Task.Delay(InstallLockRetry, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void NoteStarted(string? line)
    {
        // Azurite's own word, not an open port: with free ports picked by several runs at once, the port may be
        // another Azurite's while this one is about to fail to bind it.
        // The blob service too: the scheduled backup writes there.
        if (line is not null && ListeningServices.Any(service => line.Contains($"{service} service is successfully listening", StringComparison.Ordinal))
            && Interlocked.Increment(ref servicesListening) == ListeningServices.Length)
        {
            listening.TrySetResult();
        }
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        errors.Enqueue(line);
        while (errors.Count > 5)
        {
            errors.TryDequeue(out _);
        }
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var exited = process.WaitForExitAsync(cancellationToken);
        if (await Task.WhenAny(listening.Task, exited).ConfigureAwait(false) == exited)
        {
            await exited.ConfigureAwait(false);
            throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} during start-up (ports in use?): {string.Join(" | ", errors)}");
        }
    }
}
