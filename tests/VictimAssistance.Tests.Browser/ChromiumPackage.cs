using System.Diagnostics;
using System.Text.Json.Nodes;
using VictimAssistance.LocalHost;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Browser;

/// <summary>The Chromium of the npm package @sparticuz/chromium: where the package unpacks it, and the arguments it needs.</summary>
public sealed record ChromiumPackage(string ExecutablePath, IReadOnlyList<string> Arguments)
{
    // The package's own arguments, less the ones that would hide what the tests check (--disable-web-security and
    // --allow-running-insecure-content relax the policies the app relies on) and --single-process, with which closing
    // one test's browser context ends the whole browser; Playwright sets headless itself.
    private static readonly string[] Dropped = ["--disable-web-security", "--allow-running-insecure-content", "--headless", "--single-process"];

    private const string Script =
        "import chromium from '@sparticuz/chromium'; console.log(JSON.stringify({ path: await chromium.executablePath(), args: chromium.args }));";

    public static async Task<ChromiumPackage> UnpackAsync()
    {
        var folder = Path.Combine(RepositoryLayout.FindRoot(), "tests", "VictimAssistance.Tests.Browser");
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "--input-type=module", "-e", Script })
        {
            start.ArgumentList.Add(argument);
        }

        using var node = Process.Start(start) ?? throw new InvalidOperationException("node could not be started (is Node.js installed?).");
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await Patience.WaitAsync(node.WaitForExitAsync(), "@sparticuz/chromium to unpack Chromium");
        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"@sparticuz/chromium failed (exit {node.ExitCode}; is it installed by the build?): {await error}");
        }

        var answer = JsonNode.Parse(await output)!;
        var arguments = answer["args"]!.AsArray()
            .Select(argument => argument!.GetValue<string>())
            .Where(argument => !Dropped.Any(dropped => argument.StartsWith(dropped, StringComparison.Ordinal)))
            .ToList();
        return new ChromiumPackage(answer["path"]!.GetValue<string>(), arguments);
    }
}
