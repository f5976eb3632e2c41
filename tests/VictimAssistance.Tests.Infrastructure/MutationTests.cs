using System.Text.RegularExpressions;
using Xunit;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// The tests can fail: each harmful edit, applied to a copy of the templates, makes at least one production
/// check fail on the copy's predicted deployment.
/// </summary>
[Collection(BicepGroup.Name)]
public sealed class MutationTests(BicepFixture bicep)
{
    private static readonly Dictionary<string, (string File, string Pattern, string Replacement)> Edits = new(StringComparer.Ordinal)
    {
        ["contributor-on-the-resource-group"] = ("modules/appIdentityRoles.bicep", @"\z", """

            resource harm 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
              name: guid(resourceGroup().id, principalId, 'contributor')
              properties: {
                principalId: principalId
                principalType: 'ServicePrincipal'
                roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'b24988ac-6180-42a0-ab88-20f7382dd24c')
              }
            }
            """),
        ["key-vault-audit-logs-removed"] = ("modules/keyVault.bicep", @"resource vaultDiagnostics[\s\S]*?\n}\n", string.Empty),
        ["blob-soft-delete-off"] = ("modules/storage.bicep", @"(deleteRetentionPolicy: \{\s*enabled: )true", "${1}false"),
        ["cross-tenant-replication-allowed"] = ("modules/storage.bicep", "allowCrossTenantReplication: false", "allowCrossTenantReplication: true"),
        ["storage-locks-off"] = ("main.bicep", "param lockStorageAccount bool = true", "param lockStorageAccount bool = false"),
        ["backup-retention-one-day"] = ("main.bicep", "backupRetentionDays: backupRetentionDays", "backupRetentionDays: 1"),
        ["api-open-to-any-origin"] = ("modules/functionApp.bicep", "http20Enabled: true", "http20Enabled: true\n      cors: {\n        allowedOrigins: [\n          '*'\n        ]\n      }"),
        ["api-cached-at-the-edge"] = ("modules/webapp.bicep", @"(patternsToMatch: \[\s*'/api/\*'\s*\])", "${1}\n    cacheConfiguration: {\n      queryStringCachingBehavior: 'UseQueryString'\n    }"),
        ["smtp-password-in-clear"] = ("modules/functionApp.bicep", @"'@Microsoft\.KeyVault\(SecretUri=\$\{keyVaultUri\}secrets/email-smtp-password\)'", "'a-client-secret'"),
        ["communication-access-keys-on"] = ("modules/email.bicep", "disableLocalAuth: true", "disableLocalAuth: false"),
    };

    private const string NoLinter = """{ "analyzers": { "core": { "enabled": false } } }""";

    public static TheoryData<string> EditNames => new(Edits.Keys);

    [Theory]
    [MemberData(nameof(EditNames))]
    public async Task AHarmfulEditMakesAProductionCheckFail(string edit)
    {
        var (file, pattern, replacement) = Edits[edit];
        var work = Directory.CreateTempSubdirectory("va-mutant-").FullName;
        try
        {
            var infra = bicep.CopyInfrastructure(work);
            var path = Path.Combine(infra, file);
            var original = await File.ReadAllTextAsync(path);
            var harmed = Regex.Replace(original, pattern, replacement, RegexOptions.None, TimeSpan.FromSeconds(1));
            Assert.NotEqual(original, harmed);
            await File.WriteAllTextAsync(path, harmed);
            // The checks must notice the harm on their own, not the linter (a parameter the edit left unused).
            await File.WriteAllTextAsync(Path.Combine(infra, "bicepconfig.json"), NoLinter);

            var (run, snapshot) = await bicep.SnapshotAsync(infra, "main.bicepparam");
            Assert.True(snapshot is not null, run.Describe());

            var failed = ProductionChecks.All.Where(check => Fails(check.Value, snapshot)).Select(check => check.Key).ToList();
            Assert.True(failed.Count > 0, $"No production check notices {edit}.");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static bool Fails(Action<DeploymentSnapshot> check, DeploymentSnapshot snapshot)
    {
        try
        {
            check(snapshot);
            return false;
        }
        catch (Exception exception) when (exception is Xunit.Sdk.XunitException or InvalidOperationException or NullReferenceException)
        {
            return true;
        }
    }
}
