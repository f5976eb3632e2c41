using System.Text.Json.Nodes;
using VictimAssistance.Core.Storage;
using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>Issue 15: the infrastructure that protects survivors' data (private data plane, durability, secrets, alerts).</summary>
public sealed partial class BicepTests
{
    private static readonly string[] PrivateModules = ["network", "hostStorageEndpoints", "dataStorageEndpoints"];

    [Fact]
    public void NetworkIsolationIsOnByDefaultAndInTheProductionParameters()
    {
        Assert.True(bicep.Template["parameters"]?["networkIsolation"]?["defaultValue"]?.GetValue<bool>());
        Assert.True(bicep.Parameters["parameters"]?["networkIsolation"]?["value"]?.GetValue<bool>());
    }

    [Fact]
    public void WithIsolationTheStorageAccountsRefusePublicNetworksAndWithoutItTheyAcceptThem()
    {
        foreach (var account in Resources.WithType(StorageAccountType))
        {
            Assert.Equal("[if(parameters('privateOnly'), 'Disabled', 'Enabled')]", account.Properties["publicNetworkAccess"]?.GetValue<string>());
            Assert.Equal("[if(parameters('privateOnly'), 'Deny', 'Allow')]", account.Properties["networkAcls"]?["defaultAction"]?.GetValue<string>());
            var (parameter, _) = ArmTemplate.TraceToTopLevel("[parameters('privateOnly')]", account.Deployment, bicep.Template);
            Assert.Equal("networkIsolation", parameter);
        }
    }

    [Fact]
    public void TheNetworkPrivateEndpointsAndDnsZonesExistExactlyWhenIsolationIsOn()
    {
        foreach (var symbol in PrivateModules)
        {
            Assert.Equal("[parameters('networkIsolation')]", Module(symbol).Node["condition"]?.GetValue<string>());
        }

        Assert.Equal(
            "[if(parameters('networkIsolation'), createObject('value', reference('network').outputs.appSubnetId.value), createObject('value', ''))]",
            Module("functionApp").Properties["parameters"]?["subnetId"]?.GetValue<string>());
        Assert.Equal("[if(empty(parameters('subnetId')), null(), parameters('subnetId'))]", Site.Properties["virtualNetworkSubnetId"]?.GetValue<string>());

        // Everything private is declared only inside the conditional modules.
        foreach (var type in new[] { "Microsoft.Network/virtualNetworks", "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateDnsZones" })
        {
            Assert.All(Resources.WithType(type), resource => Assert.Contains(ModuleSymbol(resource), PrivateModules));
        }
    }

    [Fact]
    public void TheAppSubnetIsDelegatedToFlexConsumptionAndTheSiteStaysPublic()
    {
        var subnets = Resources.SingleWithType("Microsoft.Network/virtualNetworks").Properties["subnets"]!.AsArray();
        var delegated = Assert.Single(subnets, subnet => subnet?["properties"]?["delegations"] is JsonArray { Count: > 0 });
        Assert.Equal("Microsoft.App/environments", delegated!["properties"]!["delegations"]![0]!["properties"]!["serviceName"]!.GetValue<string>());
        Assert.Equal("Enabled", Site.Properties["publicNetworkAccess"]?.GetValue<string>());
    }

    [Fact]
    public void PrivateEndpointsCoverTheHostsBlobsAndTablesAndTheDataAccountsQueuesAndTablesWithTheirDnsZones()
    {
        Assert.Equal(["blob", "table"], ModuleArray("hostStorageEndpoints", "services"));
        Assert.Equal(["blob", "queue", "table"], ModuleArray("dataStorageEndpoints", "services"));

        var endpoint = Resources.WithType("Microsoft.Network/privateEndpoints")[0];
        Assert.Equal("[parameters('services')[copyIndex()]]", endpoint.Properties["privateLinkServiceConnections"]?[0]?["properties"]?["groupIds"]?[0]?.GetValue<string>());
        var zoneGroup = Resources.WithType("Microsoft.Network/privateEndpoints/privateDnsZoneGroups")[0];
        Assert.Contains("parameters('dnsZoneIds')", zoneGroup.Properties["privateDnsZoneConfigs"]![0]!["properties"]!["privateDnsZoneId"]!.GetValue<string>(), StringComparison.Ordinal);

        var zones = Resources.SingleWithType("Microsoft.Network/privateDnsZones");
        Assert.Equal("[format('privatelink.{0}.{1}', variables('storageServices')[copyIndex()], environment().suffixes.storage)]", zones.Name);
        Assert.Equal(["blob", "queue", "table"], zones.Template["variables"]!["storageServices"]!.AsArray().Select(service => service!.GetValue<string>()));
        Assert.NotEmpty(Resources.WithType("Microsoft.Network/privateDnsZones/virtualNetworkLinks"));
    }

    [Fact]
    public void StorageIsZoneRedundantAndThePlanHasTwoAlwaysReadyInstancesInProduction()
    {
        Assert.Contains(bicep.Template["parameters"]?["storageSkuName"]?["defaultValue"]?.GetValue<string>(), new[] { "Standard_ZRS", "Standard_GZRS" });
        var values = bicep.Parameters["parameters"]!;
        Assert.Contains(values["storageSkuName"]?["value"]?.GetValue<string>(), new[] { "Standard_ZRS", "Standard_GZRS" });
        Assert.True(values["zoneRedundant"]?["value"]?.GetValue<bool>());
        Assert.True(values["alwaysReadyHttpInstances"]?["value"]?.GetValue<int>() >= 2);

        var plan = Resources.SingleWithType("Microsoft.Web/serverfarms");
        Assert.Equal("[parameters('zoneRedundant')]", plan.Properties["zoneRedundant"]?.GetValue<string>());
        var alwaysReady = Site.Properties["functionAppConfig"]?["scaleAndConcurrency"]?["alwaysReady"]?.GetValue<string>() ?? string.Empty;
        Assert.Contains("'http'", alwaysReady, StringComparison.Ordinal);
        Assert.Contains("parameters('alwaysReadyHttpInstances')", alwaysReady, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCaseDataHasItsOwnAccountWithTheAppsTablesAndQueuesAndTheirPoisonQueues()
    {
        Assert.NotEqual(
            bicep.Template["variables"]?["hostStorageAccountName"]?.GetValue<string>(),
            bicep.Template["variables"]?["dataStorageAccountName"]?.GetValue<string>());
        Assert.Equal("[variables('caseTableNames')]", Module("dataStorage").Properties["parameters"]?["tableNames"]?["value"]?.GetValue<string>());
        Assert.Equal(TableNames.All, bicep.Template["variables"]!["caseTableNames"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(QueueNames.All, bicep.Template["variables"]!["caseQueueNames"]!.AsArray().Select(name => name!.GetValue<string>()));
        Assert.Equal(
            "[flatten(map(variables('caseQueueNames'), lambda('queue', createArray(lambdaVariables('queue'), format('{0}-poison', lambdaVariables('queue'))))))]",
            Module("dataStorage").Properties["parameters"]?["queueNames"]?["value"]?.GetValue<string>());
        Assert.Equal("-poison", QueueNames.Poison(string.Empty));

        Assert.Null(Module("hostStorage").Properties["parameters"]?["tableNames"]);
        Assert.Null(Module("hostStorage").Properties["parameters"]?["queueNames"]);
        Assert.NotEmpty(Resources.WithType("Microsoft.Storage/storageAccounts/tableServices/tables"));
        Assert.NotEmpty(Resources.WithType("Microsoft.Storage/storageAccounts/queueServices/queues"));
    }

    [Fact]
    public void CaseBackupsGoToAVersionedWriteOnceContainerOfTheDataAccount()
    {
        Assert.Equal("case-backups", Module("dataStorage").Properties["parameters"]?["backupContainerName"]?["value"]?.GetValue<string>());
        Assert.Null(Module("hostStorage").Properties["parameters"]?["backupContainerName"]);

        var blobService = Resources.WithType("Microsoft.Storage/storageAccounts/blobServices")[0];
        Assert.Equal("[not(empty(parameters('backupContainerName')))]", blobService.Properties["isVersioningEnabled"]?.GetValue<string>());
        // One per use of modules/storage.bicep; deployed where backupContainerName is given.
        var container = Resources.WithType("Microsoft.Storage/storageAccounts/blobServices/containers")
            .First(candidate => candidate.Properties["immutableStorageWithVersioning"] is not null);
        Assert.True(container.Properties["immutableStorageWithVersioning"]!["enabled"]!.GetValue<bool>());
        Assert.Equal("[not(empty(parameters('backupContainerName')))]", container.Node["condition"]?.GetValue<string>());

        var retention = Resources.WithType("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies")[0];
        Assert.Equal("[parameters('backupRetentionDays')]", retention.Properties["immutabilityPeriodSinceCreationInDays"]?.GetValue<string>());
        Assert.False(retention.Properties["allowProtectedAppendWrites"]!.GetValue<bool>());
        Assert.True(retention.Template["parameters"]!["backupRetentionDays"]!["defaultValue"]!.GetValue<int>() >= 30);
    }

    [Fact]
    public void TheKeyVaultUsesRbacAndPurgeProtectionAndTheAppReadsSecretsOnly()
    {
        var vault = Resources.SingleWithType("Microsoft.KeyVault/vaults").Properties;
        Assert.True(vault["enableRbacAuthorization"]!.GetValue<bool>());
        Assert.True(vault["enablePurgeProtection"]!.GetValue<bool>());
        Assert.True(vault["enableSoftDelete"]!.GetValue<bool>());

        var vaultRoles = RoleAssignments().Where(assignment => assignment.Scope.Contains("'Microsoft.KeyVault/vaults'", StringComparison.Ordinal));
        Assert.Equal(KeyVaultSecretsUser, Assert.Single(vaultRoles).RoleId);

        var secret = Resources.SingleWithType("Microsoft.KeyVault/vaults/secrets");
        Assert.Equal("[format('{0}/{1}', parameters('name'), format('intake-key-{0}', copyIndex()))]", secret.Name);
        Assert.Equal("secureObject", secret.Template["parameters"]?["intakeKeys"]?["type"]?.GetValue<string>());
        Assert.Equal("secureObject", bicep.Template["parameters"]?["intakeKeys"]?["type"]?.GetValue<string>());
        Assert.Equal("[parameters('identityId')]", Site.Properties["keyVaultReferenceIdentity"]?.GetValue<string>());
    }

    [Fact]
    public void EveryIntakeKeyIsAKeyVaultReferenceAndNoSettingNameHoldsASecret()
    {
        var computed = AppSettings.Where(setting => ArmTemplate.SettingName(setting)?.StartsWith('[') == true).ToList();
        Assert.Equal(2, computed.Count);

        var key = Assert.Single(computed, setting => ArmTemplate.SettingName(setting)!.EndsWith("__Key', copyIndex('intakeKeySettings'))]", StringComparison.Ordinal));
        Assert.Equal("[format('Intake__Keys__{0}__Key', copyIndex('intakeKeySettings'))]", ArmTemplate.SettingName(key));
        Assert.Equal(
            "[format('@Microsoft.KeyVault(SecretUri={0}secrets/intake-key-{1})', parameters('keyVaultUri'), copyIndex('intakeKeySettings'))]",
            key["value"]?.GetValue<string>());
        Assert.Equal("[reference('keyVault').outputs.vaultUri.value]", Module("functionApp").Properties["parameters"]?["keyVaultUri"]?["value"]?.GetValue<string>());

        var organization = Assert.Single(computed, setting => setting != key);
        Assert.Equal("[format('Intake__Keys__{0}__Organization', copyIndex('intakeOrganizationSettings'))]", ArmTemplate.SettingName(organization));

        // Setting names are literals or built from the copy index only: no parameter (no key) ever becomes a name.
        Assert.All(AppSettings, setting => Assert.DoesNotContain("parameters(", ArmTemplate.SettingName(setting), StringComparison.Ordinal));
    }

    [Fact]
    public void TheIdentitysRolesAreCreatedBeforeTheSite()
    {
        var functionApp = Module("functionApp");
        Assert.Contains("appIdentityRoles", functionApp.Node["dependsOn"]!.AsArray().Select(dependency => dependency!.GetValue<string>()));
        Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", bicep.Template["resources"]?["appIdentity"]?["type"]?.GetValue<string>());
        Assert.Equal("[reference('appIdentity').principalId]", Module("appIdentityRoles").Properties["parameters"]?["principalId"]?["value"]?.GetValue<string>());
        Assert.Equal("[reference('appIdentity').clientId]", functionApp.Properties["parameters"]?["identityClientId"]?["value"]?.GetValue<string>());
    }

    [Theory]
    [InlineData("AzureWebJobsStorage__blobServiceUri", "hostStorageEndpoints", "hostStorage", "blob")]
    [InlineData("AzureWebJobsStorage__queueServiceUri", "dataStorageEndpoints", "dataStorage", "queue")]
    [InlineData("AzureWebJobsStorage__tableServiceUri", "hostStorageEndpoints", "hostStorage", "table")]
    [InlineData("CaseStorage__queueServiceUri", "dataStorageEndpoints", "dataStorage", "queue")]
    [InlineData("CaseStorage__tableServiceUri", "dataStorageEndpoints", "dataStorage", "table")]
    public void StorageServiceUrisComeFromTheAccountsPrimaryEndpoints(string setting, string parameter, string storageModule, string service)
    {
        Assert.Equal($"[parameters('{parameter}').{service}]", Setting(setting).GetValue<string>());
        Assert.Equal(
            $"[reference('{storageModule}').outputs.primaryEndpoints.value]",
            Module("functionApp").Properties["parameters"]?[parameter]?["value"]?.GetValue<string>());
        var output = Module(storageModule).Properties["template"]!["outputs"]!["primaryEndpoints"]!["value"]![service]!.GetValue<string>();
        Assert.Equal($"[reference('storage').primaryEndpoints.{service}]", output);
        Assert.DoesNotContain("core.windows.net", bicep.TemplateText, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("http-5xx", "appInsights")]
    [InlineData("function-failures", "appInsights")]
    [InlineData("poison-message", "workspace")]
    [InlineData("referral-unmet", "appInsights")]
    public void EachAlertIsWiredToTheActionGroup(string alert, string scope)
    {
        var rules = Resources.SingleWithType("Microsoft.Insights/scheduledQueryRules");
        Assert.Equal("[parameters('actionGroupId')]", rules.Properties["actions"]?["actionGroups"]?[0]?.GetValue<string>());
        var (parameter, defaultValue) = ArmTemplate.TraceToTopLevel("[parameters('actionGroupId')]", rules.Deployment, bicep.Template);
        Assert.Equal("alertActionGroupId", parameter);
        Assert.Null(defaultValue);
        Assert.Equal(BicepFixture.TestActionGroupId, bicep.Parameters["parameters"]?["alertActionGroupId"]?["value"]?.GetValue<string>());

        var definition = Assert.Single(
            rules.Template["variables"]!["alerts"]!.AsArray(),
            candidate => candidate?["name"]?.GetValue<string>() == alert)!;
        Assert.Contains(scope == "workspace" ? "parameters('workspaceId')" : "'Microsoft.Insights/components'", definition["scope"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(definition["query"]?.GetValue<string>()));
    }

    [Fact]
    public void TheUnmetReferralAndPoisonAlertsLookForWhatTheAppAndTheQueuesWrite()
    {
        var alerts = Resources.SingleWithType("Microsoft.Insights/scheduledQueryRules").Template["variables"]!["alerts"]!.AsArray();
        string Query(string name) => alerts.Single(alert => alert?["name"]?.GetValue<string>() == name)!["query"]!.GetValue<string>();
        Assert.Contains("\"ReferralUnmet\"", Query("referral-unmet"), StringComparison.Ordinal);
        Assert.Contains("StorageQueueLogs", Query("poison-message"), StringComparison.Ordinal);
        Assert.Contains("\"-poison\"", Query("poison-message"), StringComparison.Ordinal);
        Assert.Contains("resultCode", Query("http-5xx"), StringComparison.Ordinal);
    }

    [Fact]
    public void DiagnosticsKeepPersonalDataAndPollingNoiseOutOfTheWorkspace()
    {
        var categoryGroups = Resources.WithType("Microsoft.Insights/diagnosticSettings")
            .Where(setting => setting.Node["scope"]?.GetValue<string>()?.Contains(StorageAccountType + "/", StringComparison.Ordinal) == true)
            .ToLookup(
                setting => setting.Node["scope"]!.GetValue<string>().Split('/')[2].Split('\'')[0],
                setting => setting.Properties["logs"]![0]!["categoryGroup"]!.GetValue<string>());
        Assert.Equal(["audit", "audit"], categoryGroups["blobServices"]);
        Assert.Equal(["audit", "audit"], categoryGroups["queueServices"]);
        Assert.Equal(["allLogs", "allLogs"], categoryGroups["tableServices"]);

        var siteLogs = Assert.Single(
            Resources.WithType("Microsoft.Insights/diagnosticSettings"),
            setting => setting.Node["scope"]?.GetValue<string>()?.Contains($"'{SiteType}'", StringComparison.Ordinal) == true);
        var category = Assert.Single(siteLogs.Properties["logs"]!.AsArray());
        Assert.Equal("FunctionAppLogs", category!["category"]!.GetValue<string>());
    }

    private string ModuleSymbol(ArmResource resource)
    {
        var top = resource;
        while (top.Deployment is not null)
        {
            top = top.Deployment;
        }

        return bicep.Template["resources"]!.AsObject().Single(pair => pair.Value == top.Node).Key;
    }

    private IEnumerable<string> ModuleArray(string module, string parameter) =>
        Module(module).Properties["parameters"]![parameter]!["value"]!.AsArray().Select(item => item!.GetValue<string>());
}
