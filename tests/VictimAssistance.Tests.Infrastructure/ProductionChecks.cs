using System.Text.Json.Nodes;
using VictimAssistance.Core.Storage;
using Xunit;
using static VictimAssistance.Tests.Infrastructure.DeploymentSnapshot;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// What the production deployment must be, checked on the evaluated resources of a snapshot. Each check is
/// a test on the shipped main.bicepparam (<see cref="SnapshotTests"/>) and runs again on deliberately harmed
/// copies of the templates (<see cref="MutationTests"/>), where at least one of them must fail.
/// </summary>
internal static class ProductionChecks
{
    public const string StorageAccountType = "Microsoft.Storage/storageAccounts";
    public const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    public const string DiagnosticSettingsType = "Microsoft.Insights/diagnosticSettings";

    public const string StorageBlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    public const string StorageBlobDataContributor = "ba92f5b4-2d11-453e-a403-e96b0029c9fe";
    public const string StorageQueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    public const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    public const string MonitoringMetricsPublisher = "3913510d-42f4-4e42-8a64-420c390055eb";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    public static IReadOnlyDictionary<string, Action<DeploymentSnapshot>> All { get; } = new Dictionary<string, Action<DeploymentSnapshot>>
    {
        [nameof(TheAppsIdentityHoldsExactlyItsDataRolesOnExactlyItsResources)] = TheAppsIdentityHoldsExactlyItsDataRolesOnExactlyItsResources,
        [nameof(EveryStorageAccountIsEntraOnlyPrivateAndSingleTenant)] = EveryStorageAccountIsEntraOnlyPrivateAndSingleTenant,
        [nameof(EveryStorageAccountKeepsDeletedBlobsAndContainersForAWeek)] = EveryStorageAccountKeepsDeletedBlobsAndContainersForAWeek,
        [nameof(EveryStorageAccountHasACanNotDeleteLock)] = EveryStorageAccountHasACanNotDeleteLock,
        [nameof(BackupsAreWriteOnceForAtLeast30DaysInTheirOwnAccount)] = BackupsAreWriteOnceForAtLeast30DaysInTheirOwnAccount,
        [nameof(TheKeyVaultIsPrivateAndItsAuditLogsGoToTheWorkspace)] = TheKeyVaultIsPrivateAndItsAuditLogsGoToTheWorkspace,
        [nameof(StorageDiagnosticsLogTheRightCategories)] = StorageDiagnosticsLogTheRightCategories,
        [nameof(DefenderWatchesEveryAccountTheVaultAndTheApp)] = DefenderWatchesEveryAccountTheVaultAndTheApp,
        [nameof(BothSubnetsHaveANetworkSecurityGroupAndTheAppJoinsItsSubnet)] = BothSubnetsHaveANetworkSecurityGroupAndTheAppJoinsItsSubnet,
        [nameof(TheSiteIsHttpsOnlyWithoutBasicPublishingOrFtpsState)] = TheSiteIsHttpsOnlyWithoutBasicPublishingOrFtpsState,
        [nameof(AppSettingsUseTheIdentityAndTheStrictHostingMode)] = AppSettingsUseTheIdentityAndTheStrictHostingMode,
        [nameof(LogsAreKeptAtLeast90Days)] = LogsAreKeptAtLeast90Days,
        [nameof(TheWebAppAndTheApiShareOneOriginThatCachesNothingAndTheApiHasNoCors)] = TheWebAppAndTheApiShareOneOriginThatCachesNothingAndTheApiHasNoCors,
        [nameof(EmailCredentialsReachTheAppOnlyAsKeyVaultReferences)] = EmailCredentialsReachTheAppOnlyAsKeyVaultReferences,
    };

    public static void TheAppsIdentityHoldsExactlyItsDataRolesOnExactlyItsResources(DeploymentSnapshot snapshot)
    {
        var host = Account(snapshot, "sth");
        var data = Account(snapshot, "std");
        var backup = Account(snapshot, "stb");
        var expected = new List<(string Scope, string Role)>
        {
            (host, StorageBlobDataOwner),
            (host, StorageTableDataContributor),
            ($"{backup}/blobServices/default/containers/case-backups", StorageBlobDataContributor),
            (Id(snapshot.Single("Microsoft.Insights/components")), MonitoringMetricsPublisher),
            (Id(snapshot.Single("Microsoft.KeyVault/vaults")), KeyVaultSecretsUser),
        };
        expected.AddRange(TableNames.All.Select(table => ($"{data}/tableServices/default/tables/{table}", StorageTableDataContributor)));
        expected.AddRange(QueueNames.All.SelectMany(queue => new[] { queue, QueueNames.Poison(queue) })
            .Select(queue => ($"{data}/queueServices/default/queues/{queue}", StorageQueueDataContributor)));

        var assignments = snapshot.OfType(RoleAssignmentType).ToLookup(assignment =>
            Property(assignment, "principalId")!.GetValue<string>().Contains("Microsoft.ManagedIdentity/userAssignedIdentities/id-va-prod-", StringComparison.Ordinal));
        Assert.Equal(expected.Order(), assignments[true].Select(assignment => (Scope(assignment), RoleId(assignment))).Order());
        Assert.All(snapshot.OfType(RoleAssignmentType), assignment => Assert.Equal("ServicePrincipal", Property(assignment, "principalType")?.GetValue<string>()));

        // Any other principal is the SMTP application, with the SMTP sender role on the Communication Service only.
        Assert.All(assignments[false], assignment =>
        {
            Assert.Equal(Id(snapshot.Single("Microsoft.Communication/communicationServices")), Scope(assignment));
            Assert.Equal(Id(snapshot.Single("Microsoft.Authorization/roleDefinitions")), Property(assignment, "roleDefinitionId")!.GetValue<string>());
        });
    }

    public static void EveryStorageAccountIsEntraOnlyPrivateAndSingleTenant(DeploymentSnapshot snapshot)
    {
        var accounts = snapshot.OfType(StorageAccountType);
        Assert.Equal(3, accounts.Count);
        foreach (var account in accounts)
        {
            Assert.False(Property(account, "allowSharedKeyAccess")!.GetValue<bool>());
            Assert.False(Property(account, "allowBlobPublicAccess")!.GetValue<bool>());
            Assert.False(Property(account, "allowCrossTenantReplication")!.GetValue<bool>());
            Assert.True(Property(account, "supportsHttpsTrafficOnly")!.GetValue<bool>());
            Assert.True(Property(account, "defaultToOAuthAuthentication")!.GetValue<bool>());
            Assert.Equal("TLS1_2", Property(account, "minimumTlsVersion")?.GetValue<string>());
            Assert.Equal("Disabled", Property(account, "publicNetworkAccess")?.GetValue<string>());
            Assert.Equal("Deny", Property(account, "networkAcls.defaultAction")?.GetValue<string>());
            Assert.Contains(account["sku"]?["name"]?.GetValue<string>(), new[] { "Standard_ZRS", "Standard_GZRS", "Standard_RAGZRS" });
        }
    }

    public static void EveryStorageAccountKeepsDeletedBlobsAndContainersForAWeek(DeploymentSnapshot snapshot)
    {
        var services = snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices");
        Assert.Equal(3, services.Count);
        foreach (var service in services)
        {
            foreach (var policy in new[] { "deleteRetentionPolicy", "containerDeleteRetentionPolicy" })
            {
                Assert.True(Property(service, $"{policy}.enabled")!.GetValue<bool>(), $"{Id(service)} {policy}");
                Assert.True(Property(service, $"{policy}.days")!.GetValue<int>() >= 7, $"{Id(service)} {policy}");
            }
        }
    }

    public static void EveryStorageAccountHasACanNotDeleteLock(DeploymentSnapshot snapshot)
    {
        var locked = snapshot.OfType("Microsoft.Authorization/locks")
            .Where(resourceLock => Property(resourceLock, "level")?.GetValue<string>() == "CanNotDelete")
            .Select(Scope);
        Assert.Equal(snapshot.OfType(StorageAccountType).Select(Id).Order(), locked.Order());
    }

    public static void BackupsAreWriteOnceForAtLeast30DaysInTheirOwnAccount(DeploymentSnapshot snapshot)
    {
        var backup = Account(snapshot, "stb");
        var container = Assert.Single(snapshot.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"), c => Id(c).StartsWith(backup + "/", StringComparison.Ordinal));
        Assert.EndsWith("/case-backups", Id(container), StringComparison.Ordinal);
        Assert.True(Property(container, "immutableStorageWithVersioning.enabled")!.GetValue<bool>());
        Assert.True(Property(snapshot.Resources.Single(r => Id(r) == backup + "/blobServices/default"), "isVersioningEnabled")!.GetValue<bool>());

        var retention = snapshot.Single("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies");
        Assert.StartsWith(Id(container) + "/", Id(retention), StringComparison.Ordinal);
        var days = Property(retention, "immutabilityPeriodSinceCreationInDays")!.GetValue<int>();
        Assert.True(days >= 30, $"Backups are write-once for {days} days.");
        Assert.False(Property(retention, "allowProtectedAppendWrites")!.GetValue<bool>());

        var lifecycle = snapshot.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        Assert.StartsWith(backup + "/", Id(lifecycle), StringComparison.Ordinal);
        var rule = Property(lifecycle, "policy.rules")!.AsArray().Single()!["definition"]!;
        Assert.Equal("case-backups/", rule["filters"]!["prefixMatch"]![0]!.GetValue<string>());
        Assert.True(rule["actions"]!["version"]!["delete"]!["daysAfterCreationGreaterThan"]!.GetValue<int>() >= days);
        Assert.True(rule["actions"]!["baseBlob"]!["delete"]!["daysAfterCreationGreaterThan"]!.GetValue<int>() >= days);
    }

    public static void TheKeyVaultIsPrivateAndItsAuditLogsGoToTheWorkspace(DeploymentSnapshot snapshot)
    {
        var vault = snapshot.Single("Microsoft.KeyVault/vaults");
        Assert.True(Property(vault, "enableRbacAuthorization")!.GetValue<bool>());
        Assert.True(Property(vault, "enablePurgeProtection")!.GetValue<bool>());
        Assert.Equal("Disabled", Property(vault, "publicNetworkAccess")?.GetValue<string>());
        Assert.Equal("Deny", Property(vault, "networkAcls.defaultAction")?.GetValue<string>());

        var endpoint = Assert.Single(snapshot.OfType("Microsoft.Network/privateEndpoints"), pe =>
            Property(pe, "privateLinkServiceConnections")![0]!["properties"]!["privateLinkServiceId"]!.GetValue<string>() == Id(vault));
        Assert.Equal("vault", Property(endpoint, "privateLinkServiceConnections")![0]!["properties"]!["groupIds"]![0]!.GetValue<string>());
        Assert.EndsWith("/privateDnsZones/privatelink.vaultcore.azure.net", Property(
            snapshot.Resources.Single(r => Id(r).StartsWith(Id(endpoint) + "/privateDnsZoneGroups/", StringComparison.Ordinal)),
            "privateDnsZoneConfigs")![0]!["properties"]!["privateDnsZoneId"]!.GetValue<string>(), StringComparison.Ordinal);

        var audit = Assert.Single(snapshot.OfType(DiagnosticSettingsType), setting => Scope(setting) == Id(vault));
        Assert.Contains(Property(audit, "logs")!.AsArray(), log =>
            log?["categoryGroup"]?.GetValue<string>() is "audit" or "allLogs" && log["enabled"]!.GetValue<bool>());
    }

    public static void StorageDiagnosticsLogTheRightCategories(DeploymentSnapshot snapshot)
    {
        foreach (var account in snapshot.OfType(StorageAccountType).Select(Id))
        {
            Assert.Equal(["audit"], LogGroups(snapshot, $"{account}/blobServices/default"));
            Assert.Equal(["audit"], LogGroups(snapshot, $"{account}/queueServices/default"));
            Assert.Equal(["allLogs"], LogGroups(snapshot, $"{account}/tableServices/default"));
        }

        var site = Id(snapshot.Single("Microsoft.Web/sites"));
        var siteLogs = Assert.Single(snapshot.OfType(DiagnosticSettingsType), setting => Scope(setting) == site);
        Assert.Equal(["FunctionAppLogs"], Property(siteLogs, "logs")!.AsArray().Select(log => log!["category"]!.GetValue<string>()));
    }

    public static void DefenderWatchesEveryAccountTheVaultAndTheApp(DeploymentSnapshot snapshot)
    {
        var watched = snapshot.OfType("Microsoft.Security/defenderForStorageSettings")
            .Where(setting => Property(setting, "isEnabled")!.GetValue<bool>() && Property(setting, "sensitiveDataDiscovery.isEnabled")!.GetValue<bool>())
            .Select(Scope);
        Assert.Equal(snapshot.OfType(StorageAccountType).Select(Id).Order(), watched.Order());
        var plans = snapshot.OfType("Microsoft.Security/pricings")
            .Where(plan => Property(plan, "pricingTier")?.GetValue<string>() == "Standard")
            .Select(Name);
        Assert.Equal(["AppServices", "KeyVaults"], plans.Order());
    }

    public static void BothSubnetsHaveANetworkSecurityGroupAndTheAppJoinsItsSubnet(DeploymentSnapshot snapshot)
    {
        var vnet = snapshot.Single("Microsoft.Network/virtualNetworks");
        var groups = snapshot.OfType("Microsoft.Network/networkSecurityGroups").Select(Id).ToList();
        var subnets = Property(vnet, "subnets")!.AsArray().OfType<JsonObject>().ToList();
        Assert.Equal(2, subnets.Count);
        Assert.All(subnets, subnet => Assert.Contains(subnet["properties"]!["networkSecurityGroup"]!["id"]!.GetValue<string>(), groups));

        var delegated = Assert.Single(subnets, subnet => subnet["properties"]!["delegations"] is JsonArray { Count: > 0 });
        Assert.Equal("Microsoft.App/environments", delegated["properties"]!["delegations"]![0]!["properties"]!["serviceName"]!.GetValue<string>());
        var site = snapshot.Single("Microsoft.Web/sites");
        Assert.Equal($"{Id(vnet)}/subnets/{delegated["name"]!.GetValue<string>()}", Property(site, "virtualNetworkSubnetId")?.GetValue<string>());
    }

    public static void TheSiteIsHttpsOnlyWithoutBasicPublishingOrFtpsState(DeploymentSnapshot snapshot)
    {
        var site = snapshot.Single("Microsoft.Web/sites");
        Assert.True(Property(site, "httpsOnly")!.GetValue<bool>());
        Assert.Equal("1.2", Property(site, "siteConfig.minTlsVersion")?.GetValue<string>());
        Assert.Equal("1.2", Property(site, "siteConfig.scmMinTlsVersion")?.GetValue<string>());
        Assert.Null(Property(site, "siteConfig.ftpsState"));
        Assert.Equal("dotnet-isolated", Property(site, "functionAppConfig.runtime.name")?.GetValue<string>());
        Assert.Equal("UserAssignedIdentity", Property(site, "functionAppConfig.deployment.storage.authentication.type")?.GetValue<string>());

        var policies = snapshot.OfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies");
        Assert.Equal(["ftp", "scm"], policies.Select(policy => Id(policy).Split('/')[^1]).Order());
        Assert.All(policies, policy =>
        {
            Assert.False(Property(policy, "allow")!.GetValue<bool>());
            Assert.Equal(Location, policy["location"]?.GetValue<string>());
        });
    }

    public static void AppSettingsUseTheIdentityAndTheStrictHostingMode(DeploymentSnapshot snapshot)
    {
        var settings = AppSettings(snapshot.Single("Microsoft.Web/sites"));
        Assert.Equal("Azure", settings["Hosting__Mode"]);
        Assert.True(settings.ContainsKey($"Secrets__DataKeys__{settings["Secrets__CurrentKeyId"]}"), "The current data key has no setting.");
        foreach (var connection in new[] { "AzureWebJobsStorage", "CaseStorage", "Backup" })
        {
            Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
            Assert.True(settings.ContainsKey($"{connection}__clientId"));
        }

        Assert.Equal(BicepFixture.TestAudience, settings["Auth__Audience"]);
        Assert.Equal("5", settings["Statistics__SuppressionThreshold"]);
        Assert.DoesNotContain(settings.Keys, name => name is "AzureWebJobsStorage" or "CaseStorage" or "Auth__DevSigningKey"
            or "FUNCTIONS_WORKER_RUNTIME" or "WEBSITE_RUN_FROM_PACKAGE" or "WEBSITE_CONTENTSHARE");
        Assert.All(settings.Values.OfType<string>(), value =>
        {
            Assert.DoesNotContain("AccountKey=", value, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("SharedAccessSignature", value, StringComparison.OrdinalIgnoreCase);
        });
    }

    public static void LogsAreKeptAtLeast90Days(DeploymentSnapshot snapshot) =>
        Assert.True(Property(snapshot.Single("Microsoft.OperationalInsights/workspaces"), "retentionInDays")!.GetValue<int>() >= 90);

    public static void TheWebAppAndTheApiShareOneOriginThatCachesNothingAndTheApiHasNoCors(DeploymentSnapshot snapshot)
    {
        var site = snapshot.Single("Microsoft.Web/sites");
        Assert.Null(Property(site, "siteConfig.cors"));
        var routes = snapshot.OfType("Microsoft.Cdn/profiles/afdEndpoints/routes");
        Assert.Equal(["/*", "/api/*"], routes.SelectMany(route => Property(route, "patternsToMatch")!.AsArray().Select(pattern => pattern!.GetValue<string>())).Order());
        Assert.All(routes, route => Assert.Null(Property(route, "cacheConfiguration")));
    }

    public static void EmailCredentialsReachTheAppOnlyAsKeyVaultReferences(DeploymentSnapshot snapshot)
    {
        var settings = AppSettings(snapshot.Single("Microsoft.Web/sites"));
        var appSettings = Property(snapshot.Single("Microsoft.Web/sites"), "siteConfig.appSettings")!.ToJsonString();
        foreach (var credential in new[] { "Email__UserName", "Email__Password" })
        {
            // Present only with an SMTP application, and then only as a reference (a runtime value: null here).
            Assert.True(!settings.TryGetValue(credential, out var value) || value is null, $"{credential} is set in clear.");
        }

        Assert.Equal(settings.ContainsKey("Email__Password"), appSettings.Contains("secrets/email-smtp-password)", StringComparison.Ordinal));
        var service = snapshot.Single("Microsoft.Communication/communicationServices");
        Assert.True(Property(service, "disableLocalAuth")!.GetValue<bool>());
        Assert.Equal("Disabled", Property(snapshot.Single("Microsoft.Communication/emailServices/domains"), "userEngagementTracking")?.GetValue<string>());
    }

    /// <summary>The id of the storage account whose name starts with a prefix (sth host, std data, stb backup).</summary>
    public static string Account(DeploymentSnapshot snapshot, string prefix) =>
        Id(Assert.Single(snapshot.OfType(StorageAccountType), account => Name(account).StartsWith(prefix, StringComparison.Ordinal)));

    private static IEnumerable<string> LogGroups(DeploymentSnapshot snapshot, string scope) =>
        Assert.Single(snapshot.OfType(DiagnosticSettingsType), setting => Scope(setting) == scope)["properties"]!["logs"]!.AsArray()
            .Where(log => log!["enabled"]!.GetValue<bool>())
            .Select(log => log!["categoryGroup"]!.GetValue<string>());
}
