using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The deployment in <c>infra/</c> compiles, lints and is formatted cleanly with the
/// real Bicep CLI, and its parameters are described and constrained. What it deploys
/// is checked on evaluated values in <see cref="SnapshotTests"/>.
/// </summary>
[Collection(BicepGroup.Name)]
public sealed class BicepTests(BicepFixture bicep)
{
    /// <summary>The rules that Bicep 0.49.2 turns on by default (warning or error level).</summary>
    private static readonly string[] DefaultRules =
    [
        "adminusername-should-not-be-literal", "artifacts-parameters", "decompiler-cleanup",
        "max-asserts", "max-outputs", "max-params", "max-resources", "max-variables",
        "nested-deployment-template-scoping", "no-conflicting-metadata", "no-deployments-resources",
        "no-explicit-any", "no-hardcoded-env-urls", "no-unnecessary-dependson",
        "no-unused-existing-resources", "no-unused-imports", "no-unused-params", "no-unused-types",
        "no-unused-vars", "outputs-should-not-contain-secrets", "prefer-interpolation",
        "prefer-unquoted-property-names", "protect-commandtoexecute-secrets", "secure-parameter-default",
        "secure-params-in-nested-deploy", "secure-secrets-in-params", "simplify-interpolation",
        "simplify-json-null", "stacks-extensibility-compat", "use-parent-property",
        "use-recent-az-powershell-version", "use-resource-symbol-reference", "use-safe-access",
        "use-secure-value-for-secure-inputs", "use-stable-resource-identifiers", "use-stable-vm-image",
    ];

    /// <summary>Off on purpose; bicepconfig.json says why.</summary>
    private static readonly string[] RulesOffOnPurpose =
        ["use-recent-api-versions", "use-recent-module-versions", "what-if-short-circuiting"];

    [Fact]
    public void MainTemplateBuildsWithoutDiagnostics()
    {
        AssertClean(bicep.Build);
        Assert.NotNull(bicep.Template["resources"]);
    }

    [Fact]
    public void ParametersFileBuildsWithoutDiagnostics()
    {
        AssertClean(bicep.BuildParameters);
        var values = bicep.Parameters["parameters"]!;
        Assert.Equal(BicepFixture.TestAudience, values["authAudience"]?["value"]?.GetValue<string>());
        Assert.Equal(
            BicepFixture.TestIntakeOrganization,
            values["intakeKeys"]?["value"]?[BicepFixture.TestIntakeKey]?.GetValue<string>());
    }

    [Fact]
    public void LintReportsNothing() => AssertClean(bicep.Lint);

    [Fact]
    public void BicepFilesAreFormatted()
    {
        Assert.Equal(0, bicep.Format.ExitCode);
        Assert.True(
            bicep.UnformattedFiles.Count == 0,
            "Run 'bicep format' on: " + string.Join(", ", bicep.UnformattedFiles.Keys));
    }

    [Fact]
    public void LinterConfigurationMakesEveryDefaultRuleAnError()
    {
        var text = File.ReadAllText(Path.Combine(bicep.InfraDirectory, "bicepconfig.json"));
        var config = JsonNode.Parse(
            text,
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true })!;
        var core = config["analyzers"]?["core"];
        Assert.True(core?["enabled"]?.GetValue<bool>() ?? false, "analyzers.core.enabled must be true");

        var levels = (core?["rules"] as JsonObject ?? [])
            .ToDictionary(rule => rule.Key, rule => rule.Value?["level"]?.GetValue<string>(), StringComparer.Ordinal);
        foreach (var rule in DefaultRules)
        {
            Assert.True(
                levels.TryGetValue(rule, out var level) && level == "error",
                $"bicepconfig.json must set {rule} to error");
        }

        foreach (var (rule, level) in levels)
        {
            var expected = RulesOffOnPurpose.Contains(rule, StringComparer.Ordinal) ? "off" : "error";
            Assert.True(level == expected, $"{rule} is '{level}', expected '{expected}'");
        }
    }

    [Fact]
    public void TemplateHoldsNoKeyConnectionStringSasOrDevelopmentKey()
    {
        foreach (var forbidden in new[]
        {
            "AccountKey=", "SharedAccessSignature", "DefaultEndpointsProtocol", "listKeys(", "listAccountSas(",
            "InstrumentationKey=", "DevSigningKey", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        })
        {
            Assert.DoesNotContain(forbidden, bicep.TemplateText, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void NetworkIsolationAndTheAudienceAreSetByTheProductionParameters()
    {
        Assert.True(bicep.Template["parameters"]?["networkIsolation"]?["defaultValue"]?.GetValue<bool>());
        Assert.True(bicep.Parameters["parameters"]?["networkIsolation"]?["value"]?.GetValue<bool>());
        Assert.Null(bicep.Template["parameters"]?["authAudience"]?["defaultValue"]);
        Assert.Null(bicep.Template["parameters"]?["alertActionGroupId"]?["defaultValue"]);
    }

    [Fact]
    public void ParametersAreDescribedAndConstrained()
    {
        var parameters = bicep.Template["parameters"]!.AsObject();
        foreach (var (name, declaration) in parameters)
        {
            Assert.False(
                string.IsNullOrWhiteSpace(declaration?["metadata"]?["description"]?.GetValue<string>()),
                $"Parameter {name} has no description.");
        }

        Assert.Equal("[resourceGroup().location]", parameters["location"]?["defaultValue"]?.GetValue<string>());
        Assert.NotNull(parameters["namePrefix"]?["minLength"]);
        Assert.NotNull(parameters["namePrefix"]?["maxLength"]);
        Assert.Equal(
            ["dev", "test", "prod"],
            parameters["environmentName"]?["allowedValues"]?.AsArray().Select(value => value!.GetValue<string>()));
        var memory = parameters["instanceMemoryMB"]?["allowedValues"]?.AsArray().Select(value => value!.GetValue<int>()).ToList();
        Assert.Contains(2048, memory!);
        Assert.Contains(4096, memory!);
    }

    private static void AssertClean(BicepRun run) =>
        Assert.True(run.ExitCode == 0 && run.OutputLines.Count == 0, run.Describe());
}
