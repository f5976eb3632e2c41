using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.RegularExpressions;
using VictimAssistance.Core.Storage;
using VictimAssistance.Core.Telemetry;
using Xunit;
using static VictimAssistance.Tests.Infrastructure.DeploymentSnapshot;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>The deployments as Azure will receive them: evaluated resources of the shipped parameters and of two variants.</summary>
[Collection(BicepGroup.Name)]
public sealed partial class SnapshotTests(BicepFixture bicep)
{
    public static TheoryData<string> ProductionCheckNames => new(ProductionChecks.All.Keys);

    [Theory]
    [MemberData(nameof(ProductionCheckNames))]
    public void TheShippedParametersDeployAsProductionRequires(string check) => ProductionChecks.All[check](bicep.Production);

    [Theory]
    [MemberData(nameof(ProductionCheckNames))]
    public void TheHardenedVariantMeetsEveryProductionCheck(string check) => ProductionChecks.All[check](bicep.Hardened);

    [Fact]
    public void OnlyTheIntakeKeySecretsCannotBePredicted()
    {
        foreach (var snapshot in new[] { bicep.Production, bicep.Hardened, bicep.Minimal })
        {
            Assert.All(snapshot.Diagnostics, diagnostic =>
                Assert.Contains("intakeKeys", diagnostic, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void TheHardenedVariantKeepsItsBackupsInAnotherRegionForAYear()
    {
        var backup = Assert.Single(bicep.Hardened.OfType(ProductionChecks.StorageAccountType), account => Name(account).StartsWith("stb", StringComparison.Ordinal));
        Assert.Equal("northeurope", backup["location"]?.GetValue<string>());
        Assert.Equal("Standard_GZRS", backup["sku"]?["name"]?.GetValue<string>());
        Assert.Equal(365, Property(bicep.Hardened.Single("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"), "immutabilityPeriodSinceCreationInDays")!.GetValue<int>());
    }

    [Fact]
    public void TheBackupTimerHasItsScheduleAndWritesToTheBackupAccountsWriteOnceContainer()
    {
        var site = bicep.Production.Single("Microsoft.Web/sites");
        var settings = AppSettings(site);
        Assert.Equal("0 0 1 * * *", settings["Backup__Schedule"]);
        Assert.True(settings.ContainsKey("Backup__ContainerUri"));
        var backup = Name(Assert.Single(bicep.Production.OfType(ProductionChecks.StorageAccountType), account => Name(account).StartsWith("stb", StringComparison.Ordinal)));
        // The blob endpoint is the account's runtime output: the URI stays a format() of the backup account and container.
        var uri = Property(site, "siteConfig.appSettings")!.GetValue<string>();
        Assert.Matches($@"createObject\('name', 'Backup__ContainerUri', 'value', format\('\{{0}}\{{1}}', reference\('[^']*/storageAccounts/{backup}', '[^']*'\)\.primaryEndpoints\.blob, 'case-backups'\)\)", uri);
    }

    [Fact]
    public void TheMinimalVariantHasNoPrivateNetworkDefenderOrLocksAndItsAccountsAcceptPublicNetworks()
    {
        var minimal = bicep.Minimal;
        foreach (var type in new[]
        {
            "Microsoft.Network/virtualNetworks", "Microsoft.Network/privateEndpoints", "Microsoft.Network/networkSecurityGroups",
            "Microsoft.Security/defenderForStorageSettings", "Microsoft.Security/pricings", "Microsoft.Authorization/locks",
        })
        {
            Assert.Empty(minimal.OfType(type));
        }

        Assert.All(minimal.OfType(ProductionChecks.StorageAccountType), account =>
        {
            Assert.Equal("Enabled", Property(account, "publicNetworkAccess")?.GetValue<string>());
            Assert.False(Property(account, "allowSharedKeyAccess")!.GetValue<bool>());
        });
        Assert.Equal("Enabled", Property(minimal.Single("Microsoft.KeyVault/vaults"), "publicNetworkAccess")?.GetValue<string>());
        var site = minimal.Single("Microsoft.Web/sites");
        Assert.Null(Property(site, "virtualNetworkSubnetId"));
        Assert.Empty(Property(site, "functionAppConfig.scaleAndConcurrency.alwaysReady")!.AsArray());
        Assert.False(Property(minimal.Single("Microsoft.Web/serverfarms"), "zoneRedundant")!.GetValue<bool>());
    }

    [Fact]
    public void ProductionRunsTwoWarmInstancesOnAZoneRedundantFlexPlan()
    {
        var plan = bicep.Production.Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan["sku"]?["name"]?.GetValue<string>());
        Assert.True(Property(plan, "zoneRedundant")!.GetValue<bool>());
        var warm = Property(bicep.Production.Single("Microsoft.Web/sites"), "functionAppConfig.scaleAndConcurrency.alwaysReady")!.AsArray();
        Assert.True(Assert.Single(warm)!["instanceCount"]!.GetValue<int>() >= 2);
    }

    [Fact]
    public void TheDataAccountHoldsExactlyTheAppsTablesAndQueuesWithTheirPoisonQueues()
    {
        var data = ProductionChecks.Account(bicep.Production, "std");
        Assert.Equal(
            TableNames.All.Order(),
            bicep.Production.OfType("Microsoft.Storage/storageAccounts/tableServices/tables").Select(Id).Where(id => id.StartsWith(data + "/", StringComparison.Ordinal)).Select(id => id.Split('/')[^1]).Order());
        Assert.Equal(
            QueueNames.All.SelectMany(queue => new[] { queue, QueueNames.Poison(queue) }).Order(),
            bicep.Production.OfType("Microsoft.Storage/storageAccounts/queueServices/queues").Select(Id).Select(id => id.Split('/')[^1]).Order());
        Assert.DoesNotContain(bicep.Production.OfType("Microsoft.Storage/storageAccounts/tableServices/tables"), t => !Id(t).StartsWith(data + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryAlertNotifiesTheActionGroupAndEveryMetricItQueriesIsOneTheAppEmits()
    {
        var emitted = typeof(AppTelemetry).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(field => field.GetValue(null)).OfType<Instrument>().Select(instrument => instrument.Name).ToHashSet(StringComparer.Ordinal);
        var rules = bicep.Production.OfType("Microsoft.Insights/scheduledQueryRules");
        Assert.True(rules.Count >= 8);
        var queried = new List<string>();
        foreach (var rule in rules)
        {
            Assert.Equal([BicepFixture.TestActionGroupId], Property(rule, "actions.actionGroups")!.AsArray().Select(group => group!.GetValue<string>()));
            var query = Property(rule, "criteria.allOf")![0]!["query"]!.GetValue<string>();
            if (query.StartsWith("customMetrics", StringComparison.Ordinal))
            {
                var name = MetricName().Match(query).Groups["name"].Value;
                Assert.Contains(name, emitted);
                queried.Add(name);
            }
        }

        Assert.Contains("va.referrals.unmet", queried);
        Assert.Contains("va.backups.completed", queried);
        var activity = bicep.Production.Single("Microsoft.Insights/activityLogAlerts");
        Assert.Equal(BicepFixture.TestActionGroupId, Property(activity, "actions.actionGroups")![0]!["actionGroupId"]!.GetValue<string>());
        Assert.Equal([ResourceGroupId], Property(activity, "scopes")!.AsArray().Select(scope => scope!.GetValue<string>()));
        var budget = bicep.Production.Single("Microsoft.Consumption/budgets");
        Assert.All(Property(budget, "notifications")!.AsObject(), notification =>
            Assert.Equal(BicepFixture.TestActionGroupId, notification.Value!["contactGroups"]![0]!.GetValue<string>()));
    }

    [Fact]
    public void TheAlertsWatchPoisonQueuesHealthKeyVaultReadsAndForeignTableReadsWhereTheLogsPutThem()
    {
        var queries = bicep.Production.OfType("Microsoft.Insights/scheduledQueryRules")
            .ToDictionary(rule => Name(rule), rule => Property(rule, "criteria.allOf")![0]!["query"]!.GetValue<string>(), StringComparer.Ordinal);
        // A queue message operation's ObjectKey is /<account>/<queue>/messages.
        Assert.Contains("ObjectKey endswith \"-poison/messages\"", queries["alert-va-prod-poison-message"], StringComparison.Ordinal);
        Assert.StartsWith("availabilityResults", queries["alert-va-prod-health-unavailable"], StringComparison.Ordinal);
        Assert.Contains("\"SecretGet\"", queries["alert-va-prod-keyvault-read-failed"], StringComparison.Ordinal);
        var data = Name(Assert.Single(bicep.Production.OfType(ProductionChecks.StorageAccountType), a => Name(a).StartsWith("std", StringComparison.Ordinal)));
        // The query names the app's principal id, known only at deployment: it stays a format() of the account name.
        var foreignReads = queries["alert-va-prod-case-table-read-by-other"];
        Assert.Contains("StorageTableLogs | where AccountName == ", foreignReads, StringComparison.Ordinal);
        Assert.Contains($"'{data}'", foreignReads, StringComparison.Ordinal);
        Assert.Contains("RequesterObjectId != ", foreignReads, StringComparison.Ordinal);

        var test = bicep.Production.Single("Microsoft.Insights/webtests");
        // The host name is the site's runtime output: the URL stays a format() around it.
        Assert.Contains("/api/health'", Property(test, "Request.RequestUrl")!.GetValue<string>(), StringComparison.Ordinal);
        Assert.All(bicep.Production.OfType("Microsoft.Insights/scheduledQueryRules"), rule => Assert.True(Property(rule, "skipQueryValidation")!.GetValue<bool>()));
    }

    [GeneratedRegex("name == \"(?<name>[^\"]+)\"", RegexOptions.CultureInvariant)]
    private static partial Regex MetricName();
}
