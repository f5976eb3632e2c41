using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// Runs the Bicep CLI over <c>infra/</c> once per test class: build of
/// <c>main.bicep</c>, build of <c>main.bicepparam</c>, lint of every file and a
/// formatting check. The tests then only read the results. The CLI comes from
/// the NuGet package Azure.Bicep.CommandLine.linux-x64 that the test project
/// downloads (<c>PackageDownload</c>), so no Azure tooling has to be installed.
/// </summary>
public sealed partial class BicepFixture : IAsyncLifetime
{
    /// <summary>Must match the <c>PackageDownload</c> version in the test project.</summary>
    internal const string BicepVersion = "0.49.2";

    /// <summary>Overrides the repository root (for running these tests from outside the repository).</summary>
    internal const string RepositoryRootVariable = "VA_REPO_ROOT";

    internal const string TestAudience = "00000000-0000-0000-0000-0000000000a1";
    internal const string TestIntakeKey = "k0123456789abcdef0123456789abcdef";
    internal const string TestIntakeOrganization = "test-org";
    internal const string TestSmtpClientId = "00000000-0000-0000-0000-0000000000e1";
    internal const string TestSmtpPrincipalId = "00000000-0000-0000-0000-0000000000e2";
    internal const string TestSmtpSecret = "smtp-client-secret-for-the-tests-only";
    internal const string TestActionGroupId = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/ops/providers/Microsoft.Insights/actionGroups/on-call";

    // Only a guard against a hung CLI: a loaded machine of two shared cores is slow, never this slow.
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(10);

    private string? workDirectory;
    private string bicepPath = string.Empty;
    private JsonObject? template;
    private JsonObject? parameters;

    public string RepositoryRoot { get; private set; } = string.Empty;

    public string InfraDirectory => Path.Combine(RepositoryRoot, "infra");

    internal BicepRun Build { get; private set; } = BicepRun.NotRun;

    internal BicepRun BuildParameters { get; private set; } = BicepRun.NotRun;

    internal BicepRun Lint { get; private set; } = BicepRun.NotRun;

    internal BicepRun Format { get; private set; } = BicepRun.NotRun;

    /// <summary>Files whose content changes under <c>bicep format</c> (relative path → formatted text).</summary>
    internal IReadOnlyDictionary<string, string> UnformattedFiles { get; private set; } = new Dictionary<string, string>();

    /// <summary>The text of the compiled ARM template of <c>main.bicep</c>.</summary>
    internal string TemplateText { get; private set; } = string.Empty;

    /// <summary>The compiled ARM template of <c>main.bicep</c>.</summary>
    internal JsonObject Template => template ?? throw new InvalidOperationException(
        "infra/main.bicep did not compile: " + Build.Describe());

    /// <summary>The compiled parameters file of <c>main.bicepparam</c>.</summary>
    internal JsonObject Parameters => parameters ?? throw new InvalidOperationException(
        "infra/main.bicepparam did not compile: " + BuildParameters.Describe());

    public async Task InitializeAsync()
    {
        RepositoryRoot = LocateRepositoryRoot();
        if (!Directory.Exists(InfraDirectory))
        {
            throw new InvalidOperationException($"No infra directory at {InfraDirectory}.");
        }

        var bicep = LocateBicep();
        bicepPath = bicep;
        workDirectory = Directory.CreateTempSubdirectory("va-bicep-").FullName;

        var templatePath = Path.Combine(workDirectory, "main.json");
        Build = await RunAsync(
            bicep,
            ["build", Path.Combine(InfraDirectory, "main.bicep"), "--outfile", templatePath],
            InfraDirectory);
        if (Build.ExitCode == 0 && File.Exists(templatePath))
        {
            TemplateText = await File.ReadAllTextAsync(templatePath);
            template = JsonNode.Parse(TemplateText)?.AsObject();
        }

        var parametersPath = Path.Combine(workDirectory, "main.parameters.json");
        BuildParameters = await RunAsync(
            bicep,
            ["build-params", Path.Combine(InfraDirectory, "main.bicepparam"), "--outfile", parametersPath],
            InfraDirectory);
        if (BuildParameters.ExitCode == 0 && File.Exists(parametersPath))
        {
            parameters = JsonNode.Parse(await File.ReadAllTextAsync(parametersPath))?.AsObject();
        }

        // Every .bicep and .bicepparam file, modules included.
        Lint = await RunAsync(bicep, ["lint", "--pattern", "**/*.bicep*"], InfraDirectory);

        // Format a copy and compare, so the check never rewrites the working tree.
        var formatDirectory = Path.Combine(workDirectory, "format");
        var originals = CopyBicepFiles(InfraDirectory, formatDirectory);
        Format = await RunAsync(bicep, ["format", "--pattern", "**/*.bicep*"], formatDirectory);
        var unformatted = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (relativePath, original) in originals)
        {
            var formatted = await File.ReadAllTextAsync(Path.Combine(formatDirectory, relativePath));
            if (!string.Equals(original, formatted, StringComparison.Ordinal))
            {
                unformatted[relativePath] = formatted;
            }
        }

        UnformattedFiles = unformatted;

        await PredictAsync(workDirectory);
    }

    public Task DisposeAsync()
    {
        if (workDirectory is not null && Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private static string LocateRepositoryRoot()
    {
        var overridden = Environment.GetEnvironmentVariable(RepositoryRootVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Path.GetFullPath(overridden);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "VictimAssistance.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException(
            $"VictimAssistance.sln not found above {AppContext.BaseDirectory}; set {RepositoryRootVariable} to the repository root.");
    }

    private static string LocateBicep()
    {
        var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES");
        if (string.IsNullOrWhiteSpace(packages))
        {
            packages = Path.Combine(
                Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        }

        var executable = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
        var path = Path.Combine(packages, "azure.bicep.commandline.linux-x64", BicepVersion, "tools", executable);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Bicep CLI not found at {path}. It comes from <PackageDownload Include=\"Azure.Bicep.CommandLine.linux-x64\" Version=\"[{BicepVersion}]\" /> in the test project: run dotnet restore (Linux x64 only).");
        }

        if (!OperatingSystem.IsWindows())
        {
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            var mode = File.GetUnixFileMode(path);
            if ((mode & UnixFileMode.UserExecute) == 0)
            {
                File.SetUnixFileMode(path, mode | execute);
            }
        }

        return path;
    }

    private static Dictionary<string, string> CopyBicepFiles(string source, string target)
    {
        var originals = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relativePath = Path.GetRelativePath(source, file);
            var extension = Path.GetExtension(file);
            var isBicep = extension.Equals(".bicep", StringComparison.OrdinalIgnoreCase)
                || extension.Equals(".bicepparam", StringComparison.OrdinalIgnoreCase);
            var isConfig = Path.GetFileName(file).Equals("bicepconfig.json", StringComparison.OrdinalIgnoreCase);
            if (!isBicep && !isConfig)
            {
                continue;
            }

            var destination = Path.Combine(target, relativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            if (isBicep)
            {
                originals[relativePath] = File.ReadAllText(file);
            }
        }

        return originals;
    }

    private static async Task<BicepRun> RunAsync(string bicep, IReadOnlyList<string> arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(bicep)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // main.bicepparam reads these; fixed values make the build independent of the caller's shell.
        startInfo.Environment["VA_AUTH_AUDIENCE"] = TestAudience;
        startInfo.Environment["VA_ALERT_ACTION_GROUP_ID"] = TestActionGroupId;
        startInfo.Environment["VA_INTAKE_KEYS"] = $$"""{"{{TestIntakeKey}}": "{{TestIntakeOrganization}}"}""";
        startInfo.Environment["VA_EMAIL_SMTP_CLIENT_ID"] = TestSmtpClientId;
        startInfo.Environment["VA_EMAIL_SMTP_PRINCIPAL_ID"] = TestSmtpPrincipalId;
        startInfo.Environment["VA_EMAIL_SMTP_SECRET"] = TestSmtpSecret;
        startInfo.Environment.Remove("VA_NAME_PREFIX");

        var command = "bicep " + string.Join(' ', arguments);
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {command}.");
        using var timeout = new CancellationTokenSource(CommandTimeout);
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return new BicepRun(command, process.ExitCode, await standardOutput, await standardError, stopwatch.Elapsed);
        }
        catch (OperationCanceledException)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            throw new TimeoutException(string.Create(
                CultureInfo.InvariantCulture, $"{command} did not finish within {CommandTimeout.TotalSeconds} s."));
        }
    }
}

/// <summary>The outcome of one Bicep CLI command.</summary>
internal sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    public static BicepRun NotRun { get; } = new("(not run)", -1, string.Empty, string.Empty, TimeSpan.Zero);

    /// <summary>Every non-empty line the command printed: with --outfile and lint, any line is a diagnostic.</summary>
    public IReadOnlyList<string> OutputLines =>
        (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Command} exited {ExitCode} after {Elapsed.TotalSeconds:F1} s");
        foreach (var line in OutputLines)
        {
            text.Append('\n').Append(line);
        }

        return text.ToString();
    }
}
