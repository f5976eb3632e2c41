using System.Text.Json.Nodes;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The deployments that <c>bicep snapshot</c> predicts, offline, for the shipped <c>main.bicepparam</c> and
/// for the hardened and minimal variants in <c>Variants/</c>, each in a copy of <c>infra/</c> so that the
/// snapshot files never land in the working tree.
/// </summary>
public sealed partial class BicepFixture
{
    internal const string VariantsFolder = "variants";

    private DeploymentSnapshot? production;
    private DeploymentSnapshot? hardened;
    private DeploymentSnapshot? minimal;

    internal DeploymentSnapshot Production => production ?? throw new InvalidOperationException("main.bicepparam was not predicted.");

    internal DeploymentSnapshot Hardened => hardened ?? throw new InvalidOperationException("variants/hardened.bicepparam was not predicted.");

    internal DeploymentSnapshot Minimal => minimal ?? throw new InvalidOperationException("variants/minimal.bicepparam was not predicted.");

    /// <summary>Copies <c>infra/</c> with the test variants into <paramref name="target"/> and returns the copy's infra folder.</summary>
    internal string CopyInfrastructure(string target)
    {
        var infra = Path.Combine(target, "infra");
        CopyBicepFiles(InfraDirectory, infra);
        var variants = Path.Combine(infra, VariantsFolder);
        Directory.CreateDirectory(variants);
        foreach (var variant in Directory.EnumerateFiles(
            Path.Combine(RepositoryRoot, "tests", "VictimAssistance.Tests.Infrastructure", "Variants"), "*.bicepparam"))
        {
            File.Copy(variant, Path.Combine(variants, Path.GetFileName(variant)));
        }

        return infra;
    }

    /// <summary>Runs <c>bicep snapshot</c> on a parameters file of a copy of infra/ and reads the prediction.</summary>
    internal async Task<(BicepRun Run, DeploymentSnapshot? Snapshot)> SnapshotAsync(string infraCopy, string parametersFile)
    {
        var path = Path.Combine(infraCopy, parametersFile);
        var run = await RunAsync(
            bicepPath,
            [
                "snapshot", path, "--mode", "overwrite",
                "--subscription-id", DeploymentSnapshot.SubscriptionId,
                "--tenant-id", DeploymentSnapshot.TenantId,
                "--resource-group", DeploymentSnapshot.ResourceGroup,
                "--location", DeploymentSnapshot.Location,
                "--deployment-name", "victim-assistance",
            ],
            infraCopy);
        var snapshotPath = Path.ChangeExtension(path, ".snapshot.json");
        return run.ExitCode == 0 && File.Exists(snapshotPath)
            ? (run, new DeploymentSnapshot(JsonNode.Parse(await File.ReadAllTextAsync(snapshotPath))!.AsObject()))
            : (run, null);
    }

    private async Task PredictAsync(string work)
    {
        var infra = CopyInfrastructure(Path.Combine(work, "predicted"));
        production = await RequireAsync(infra, "main.bicepparam");
        hardened = await RequireAsync(infra, Path.Combine(VariantsFolder, "hardened.bicepparam"));
        minimal = await RequireAsync(infra, Path.Combine(VariantsFolder, "minimal.bicepparam"));
    }

    private async Task<DeploymentSnapshot> RequireAsync(string infra, string parametersFile)
    {
        var (run, snapshot) = await SnapshotAsync(infra, parametersFile);
        return snapshot ?? throw new InvalidOperationException(run.Describe());
    }
}
