using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The deployment in <c>infra/</c>: it compiles and lints cleanly with the real
/// Bicep CLI, and the compiled ARM template has the security properties the
/// architecture requires (identity-based storage with shared keys off, HTTPS
/// only, TLS 1.2, no FTP, no secrets, least-privilege roles, Flex Consumption).
/// </summary>
public sealed partial class BicepTests(BicepFixture bicep) : IClassFixture<BicepFixture>
{
    private const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    private const string SiteType = "Microsoft.Web/sites";
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";

    private const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

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

    /// <summary>The principal id of the user-assigned identity that main.bicep creates.</summary>
    private const string AppIdentityPrincipal = "[reference('appIdentity').principalId]";

    private IReadOnlyList<ArmResource> Resources => ArmTemplate.AllResources(bicep.Template);

    private ArmResource Site => Resources.SingleWithType(SiteType);

    private IReadOnlyList<JsonObject> AppSettings => ArmTemplate.AppSettings(Site);

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
    public void StorageAccountAcceptsOnlyEntraIdOverHttpsAndTls12()
    {
        var accounts = Resources.WithType(StorageAccountType);
        Assert.Equal(2, accounts.Count);
        foreach (var properties in accounts.Select(account => account.Properties))
        {
            Assert.False(properties["allowSharedKeyAccess"]!.GetValue<bool>());
            Assert.False(properties["allowBlobPublicAccess"]!.GetValue<bool>());
            Assert.True(properties["supportsHttpsTrafficOnly"]!.GetValue<bool>());
            Assert.Equal("TLS1_2", properties["minimumTlsVersion"]!.GetValue<string>());
            Assert.True(properties["defaultToOAuthAuthentication"]!.GetValue<bool>());
        }
    }

    [Fact]
    public void StorageHasDeploymentContainerDiagnosticsAndDeleteLock()
    {
        var deploymentContainer = Assert.Single(
            Module("hostStorage").Properties["parameters"]?["containerNames"]?["value"]?.AsArray() ?? []);
        Assert.Equal("[variables('deploymentContainerName')]", deploymentContainer?.GetValue<string>());
        foreach (var container in Resources.WithType("Microsoft.Storage/storageAccounts/blobServices/containers"))
        {
            Assert.Equal("None", container.Properties["publicAccess"]?.GetValue<string>());
        }

        var diagnosedScopes = Resources.WithType("Microsoft.Insights/diagnosticSettings")
            .Select(setting =>
            {
                Assert.False(string.IsNullOrEmpty(setting.Properties["workspaceId"]?.GetValue<string>()));
                return setting.Node["scope"]!.GetValue<string>();
            })
            .ToList();
        foreach (var service in new[] { "blobServices", "queueServices", "tableServices" })
        {
            Assert.Contains(diagnosedScopes, scope => scope.Contains($"{StorageAccountType}/{service}'", StringComparison.Ordinal));
        }

        Assert.Contains(diagnosedScopes, scope => scope.Contains($"'{StorageAccountType}',", StringComparison.Ordinal));

        var locks = Resources.WithType("Microsoft.Authorization/locks");
        Assert.Equal(2, locks.Count);
        foreach (var storageLock in locks)
        {
            Assert.Equal("CanNotDelete", storageLock.Properties["level"]?.GetValue<string>());
            Assert.Contains(StorageAccountType, storageLock.Node["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void FunctionAppRunsDotnetIsolated10OnFlexConsumption()
    {
        var plan = Resources.SingleWithType("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.Node["sku"]?["name"]?.GetValue<string>());
        Assert.Equal("FlexConsumption", plan.Node["sku"]?["tier"]?.GetValue<string>());

        Assert.Equal("functionapp,linux", Site.Node["kind"]?.GetValue<string>());
        Assert.Equal("UserAssigned", Site.Node["identity"]?["type"]?.GetValue<string>());

        var config = Site.Properties["functionAppConfig"]!;
        Assert.Equal("dotnet-isolated", config["runtime"]?["name"]?.GetValue<string>());
        Assert.Equal("10.0", config["runtime"]?["version"]?.GetValue<string>());
        var deploymentStorage = config["deployment"]?["storage"];
        Assert.Equal("blobContainer", deploymentStorage?["type"]?.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", deploymentStorage?["authentication"]?["type"]?.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", deploymentStorage?["authentication"]?["userAssignedIdentityResourceId"]?.GetValue<string>());
        Assert.Null(deploymentStorage?["authentication"]?["storageAccountConnectionStringName"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["instanceMemoryMB"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["maximumInstanceCount"]);
    }

    [Fact]
    public void FunctionAppIsHttpsOnlyWithTls12AndNoFtpOrBasicPublishing()
    {
        var properties = Site.Properties;
        Assert.True(properties["httpsOnly"]!.GetValue<bool>());
        Assert.Equal("1.2", properties["siteConfig"]?["minTlsVersion"]?.GetValue<string>());
        Assert.Equal("1.2", properties["siteConfig"]?["scmMinTlsVersion"]?.GetValue<string>());
        // Not supported on Flex Consumption (some regions reject it): the policies below turn FTP off.
        Assert.Null(properties["siteConfig"]?["ftpsState"]);

        var policies = Resources.WithType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        foreach (var policy in new[] { "ftp", "scm" })
        {
            var resource = Assert.Single(policies, p => p.Name.Contains($"'{policy}'", StringComparison.Ordinal));
            Assert.False(resource.Properties["allow"]!.GetValue<bool>());
            Assert.Equal("[parameters('location')]", resource.Node["location"]?.GetValue<string>());
        }
    }

    [Fact]
    public void AppSettingsReachStorageAndTelemetryByIdentity()
    {
        var names = AppSettings.Select(ArmTemplate.SettingName).ToList();
        foreach (var connection in new[] { "AzureWebJobsStorage", "CaseStorage" })
        {
            Assert.Equal("managedidentity", Setting($"{connection}__credential").GetValue<string>());
            Assert.Equal("[parameters('identityClientId')]", Setting($"{connection}__clientId").GetValue<string>());
        }

        Assert.DoesNotContain(names, name => string.Equals(name, "AzureWebJobsStorage", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(names, name => name?.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) == true
            && !name.Equals("APPLICATIONINSIGHTS_CONNECTION_STRING", StringComparison.Ordinal));

        Assert.Equal(
            "[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]",
            Setting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING").GetValue<string>());
        var connectionString = Setting("APPLICATIONINSIGHTS_CONNECTION_STRING").GetValue<string>();
        var fedFrom = Site.Deployment!.Properties["parameters"]?[ArmTemplate.ParameterName(connectionString)]?["value"]?.GetValue<string>();
        var (produced, producer) = ModuleOutput(fedFrom ?? string.Empty);
        Assert.Equal("Microsoft.Insights/components", ArmTemplate.ReferencedType(produced, producer));
        Assert.EndsWith(".ConnectionString]", produced, StringComparison.Ordinal);

        foreach (var required in new[]
        {
            "Auth__Authority", "Auth__Audience", "Auth__OrganizationClaim", "Auth__ProviderClaim",
            "Referrals__ResponseHours__emergency", "Referrals__ResponseHours__priority",
            "Referrals__ResponseHours__routine", "Referrals__ExpirySchedule", "Statistics__SuppressionThreshold",
            "Statistics__RecountSchedule",
        })
        {
            Assert.Contains(required, names);
        }

        // Flex Consumption rejects these; the runtime is set in functionAppConfig instead.
        foreach (var rejected in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTSHARE" })
        {
            Assert.DoesNotContain(rejected, names);
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

        foreach (var setting in AppSettings)
        {
            var value = setting["value"]?.ToJsonString() ?? string.Empty;
            Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("DefaultEndpointsProtocol", value, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [InlineData("Referrals__ResponseHours__emergency", "\"4\"")]
    [InlineData("Referrals__ResponseHours__priority", "\"24\"")]
    [InlineData("Referrals__ResponseHours__routine", "\"72\"")]
    [InlineData("Referrals__ExpirySchedule", "\"0 */1 * * * *\"")]
    [InlineData("Statistics__SuppressionThreshold", "5")]
    [InlineData("Statistics__RecountSchedule", "\"0 30 2 * * *\"")]
    [InlineData("Auth__OrganizationClaim", "\"extn.org\"")]
    [InlineData("Auth__ProviderClaim", "\"extn.provider_id\"")]
    public void AppSettingDefaultsComeFromTopLevelParameters(string setting, string expectedDefault)
    {
        var (parameter, defaultValue) = ArmTemplate.TraceToTopLevel(
            Setting(setting).GetValue<string>(), Site.Deployment, bicep.Template);
        Assert.True(
            bicep.Template["parameters"]?[parameter] is not null,
            $"{setting} should come from a parameter of main.bicep, not from {parameter}");
        Assert.Equal(expectedDefault, defaultValue?.ToJsonString());
    }

    [Fact]
    public void AudienceIsRequiredAndAuthorityDefaultsToTheDeploymentTenant()
    {
        var (audience, audienceDefault) = ArmTemplate.TraceToTopLevel(
            Setting("Auth__Audience").GetValue<string>(), Site.Deployment, bicep.Template);
        Assert.Equal("authAudience", audience);
        Assert.Null(audienceDefault);

        var (_, authorityDefault) = ArmTemplate.TraceToTopLevel(
            Setting("Auth__Authority").GetValue<string>(), Site.Deployment, bicep.Template);
        var authority = authorityDefault?.GetValue<string>() ?? string.Empty;
        Assert.Contains("environment().authentication.loginEndpoint", authority, StringComparison.Ordinal);
        Assert.Contains("tenant().tenantId", authority, StringComparison.Ordinal);
        Assert.Contains("/v2.0", authority, StringComparison.Ordinal);
    }

    [Fact]
    public void IdentityHoldsBlobsAndTablesOnTheHostAccountAndOnlyTablesAndQueuesOnTheDataAccount()
    {
        var assignments = RoleAssignments();
        Assert.Equal(
            new[] { StorageBlobDataOwner, StorageTableDataContributor }.Order(StringComparer.Ordinal),
            assignments.Where(assignment => assignment.Scope.Contains("parameters('hostStorageAccountName')", StringComparison.Ordinal))
                .Select(assignment => assignment.RoleId).Order(StringComparer.Ordinal));
        Assert.Equal(
            new[] { StorageQueueDataContributor, StorageTableDataContributor }.Order(StringComparer.Ordinal),
            assignments.Where(assignment => assignment.Scope.Contains("parameters('dataStorageAccountName')", StringComparison.Ordinal))
                .Select(assignment => assignment.RoleId).Order(StringComparer.Ordinal));
        Assert.Equal(
            "[reference('dataStorage').outputs.name.value]",
            Module("appIdentityRoles").Properties["parameters"]?["dataStorageAccountName"]?["value"]?.GetValue<string>());
        Assert.Equal(
            "[reference('hostStorage').outputs.name.value]",
            Module("appIdentityRoles").Properties["parameters"]?["hostStorageAccountName"]?["value"]?.GetValue<string>());
    }

    [Fact]
    public void IdentityPublishesTelemetryToApplicationInsights()
    {
        var telemetry = Assert.Single(RoleAssignments(), assignment => assignment.RoleId == MonitoringMetricsPublisher);
        Assert.Contains("'Microsoft.Insights/components'", telemetry.Scope, StringComparison.Ordinal);
    }

    [Fact]
    public void RoleAssignmentsAreDeterministicAndForTheAppsServicePrincipal()
    {
        foreach (var assignment in Resources.WithType(RoleAssignmentType))
        {
            Assert.StartsWith("[guid(", assignment.Name, StringComparison.Ordinal);
            Assert.Contains("principalId", assignment.Name, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", assignment.Properties["principalType"]?.GetValue<string>());
            var principal = assignment.Properties["principalId"]!.GetValue<string>();
            var (_, fedFrom) = ArmTemplate.TraceToTopLevel(principal, assignment.Deployment, bicep.Template);
            Assert.Equal(AppIdentityPrincipal, fedFrom?.GetValue<string>());
        }
    }

    [Fact]
    public void ApplicationInsightsRefusesKeyOnlyIngestionAndUsesTheWorkspace()
    {
        var component = Resources.SingleWithType("Microsoft.Insights/components").Properties;
        Assert.True(component["DisableLocalAuth"]!.GetValue<bool>());
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component["WorkspaceResourceId"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(Resources.WithType("Microsoft.OperationalInsights/workspaces"));
    }

    [Fact]
    public void OutputsIncludeTheUrlAndThePrincipalId()
    {
        var outputs = bicep.Template["outputs"]!;
        var url = outputs["functionAppUrl"]?["value"]?.GetValue<string>() ?? string.Empty;
        Assert.StartsWith("[format('https://{0}'", url, StringComparison.Ordinal);
        Assert.Contains("defaultHostName", url, StringComparison.Ordinal);
        var (hostName, hostTemplate) = ModuleOutput(url);
        Assert.Equal(SiteType, ArmTemplate.ReferencedType(hostName, hostTemplate));
        Assert.EndsWith(".defaultHostName]", hostName, StringComparison.Ordinal);

        Assert.Equal(AppIdentityPrincipal, outputs["principalId"]?["value"]?.GetValue<string>());
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

    private JsonNode Setting(string name)
    {
        var setting = Assert.Single(AppSettings, candidate => ArmTemplate.SettingName(candidate) == name);
        return setting["value"] ?? throw new InvalidOperationException($"{name} has no value.");
    }

    /// <summary>
    /// The value expression of the module output that a top-level expression reads
    /// (<c>reference('module').outputs.name.value</c>), with the module's template.
    /// </summary>
    private (string Expression, JsonObject Template) ModuleOutput(string expression)
    {
        var (module, output) = ArmTemplate.ModuleOutputReference(expression);
        var template = bicep.Template["resources"]?[module]?["properties"]?["template"] as JsonObject
            ?? throw new InvalidOperationException($"No module {module} in main.bicep.");
        var value = template["outputs"]?[output]?["value"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"Module {module} has no output {output}.");
        return (value, template);
    }

    /// <summary>Each role assignment's role id and scope; a copy loop over a variable of role ids counts once per role.</summary>
    private List<(string RoleId, string Scope)> RoleAssignments() =>
        Resources.WithType(RoleAssignmentType)
            .SelectMany(assignment =>
            {
                var roleDefinition = assignment.Properties["roleDefinitionId"]!.GetValue<string>();
                Assert.Contains("Microsoft.Authorization/roleDefinitions", roleDefinition, StringComparison.Ordinal);
                var scope = assignment.Node["scope"]?.GetValue<string>() ?? string.Empty;
                var loop = RoleLoop().Match(roleDefinition);
                IEnumerable<string> roles = loop.Success
                    ? assignment.Template["variables"]![loop.Groups["name"].Value]!.AsArray().Select(role => role!.GetValue<string>())
                    : [roleDefinition];
                return roles.Select(role => (KnownRoleId(ArmTemplate.ResolveVariables(role, assignment.Template)), scope));
            })
            .ToList();

    private static string KnownRoleId(string expression) =>
        new[] { StorageBlobDataOwner, StorageQueueDataContributor, StorageTableDataContributor, MonitoringMetricsPublisher, KeyVaultSecretsUser }
            .FirstOrDefault(id => expression.Contains($"'{id}'", StringComparison.OrdinalIgnoreCase))
            ?? expression;

    private ArmResource Module(string symbol) =>
        Resources.Single(resource => resource.Deployment is null && bicep.Template["resources"]?[symbol] == resource.Node);

    [GeneratedRegex(@"variables\('(?<name>[^']+)'\)\[copyIndex\(\)\]", RegexOptions.CultureInvariant)]
    private static partial Regex RoleLoop();
}
