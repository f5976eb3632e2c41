using Xunit;
using static VictimAssistance.Tests.Infrastructure.DeploymentSnapshot;

namespace VictimAssistance.Tests.Infrastructure;

/// <summary>
/// Email notices through Azure Communication Services Email (infra/modules/email.bicep), as Azure will receive them:
/// the SMTP credentials live in Key Vault and reach the app only as references.
/// </summary>
[Collection(BicepGroup.Name)]
public sealed class EmailTests(BicepFixture bicep)
{
    private const string CommunicationServiceType = "Microsoft.Communication/communicationServices";

    [Fact]
    public void TheCommunicationServiceSendsFromItsLinkedDomainWithoutEngagementTrackingOrAccessKeys()
    {
        var domain = bicep.Production.Single("Microsoft.Communication/emailServices/domains");
        Assert.Equal("AzureManaged", Property(domain, "domainManagement")?.GetValue<string>());
        Assert.Equal("Disabled", Property(domain, "userEngagementTracking")?.GetValue<string>());
        var service = bicep.Production.Single(CommunicationServiceType);
        Assert.Equal([Id(domain)], Property(service, "linkedDomains")!.AsArray().Select(id => id!.GetValue<string>()));
        Assert.True(Property(service, "disableLocalAuth")!.GetValue<bool>());
        Assert.Equal(Property(bicep.Production.Single("Microsoft.Communication/emailServices"), "dataLocation")?.GetValue<string>(), Property(service, "dataLocation")?.GetValue<string>());
    }

    [Fact]
    public void TheAppReachesAzureCommunicationServicesSmtpOverStartTls()
    {
        var settings = AppSettings(bicep.Production.Single("Microsoft.Web/sites"));

        Assert.Equal("smtp.azurecomm.net", settings["Email__SmtpHost"]);
        Assert.Equal("587", settings["Email__SmtpPort"]);
        Assert.Equal("StartTls", settings["Email__Tls"]);
        Assert.True(settings.ContainsKey("Email__From"));
    }

    [Fact]
    public void TheSmtpUserNameAndPasswordAreKeyVaultReferencesAndTheSecretIsNowhereElse()
    {
        var appSettings = Property(bicep.Production.Single("Microsoft.Web/sites"), "siteConfig.appSettings")!.GetValue<string>();
        foreach (var (setting, secret) in new[] { ("Email__UserName", "email-smtp-username"), ("Email__Password", "email-smtp-password") })
        {
            Assert.Contains(
                $"createObject('name', '{setting}', 'value', format('@Microsoft.KeyVault(SecretUri={{0}}secrets/{secret})'",
                appSettings,
                StringComparison.Ordinal);
        }

        var password = Assert.Single(bicep.Production.OfType("Microsoft.KeyVault/vaults/secrets"), secret => Name(secret).EndsWith("/email-smtp-password", StringComparison.Ordinal));
        Assert.StartsWith(Id(bicep.Production.Single("Microsoft.KeyVault/vaults")) + "/", Id(password), StringComparison.Ordinal);
        Assert.Equal("[parameters('emailSmtpClientSecret')]", Property(password, "value")?.GetValue<string>());
        Assert.All(bicep.Production.Resources, resource =>
            Assert.DoesNotContain(BicepFixture.TestSmtpSecret, resource.ToJsonString(), StringComparison.Ordinal));

        var userName = Assert.Single(bicep.Production.OfType("Microsoft.KeyVault/vaults/secrets"), secret => Name(secret).EndsWith("/email-smtp-username", StringComparison.Ordinal));
        Assert.Equal(
            $"{Name(bicep.Production.Single(CommunicationServiceType))}.{BicepFixture.TestSmtpClientId}.{TenantId}",
            Property(userName, "value")?.GetValue<string>());
    }

    [Fact]
    public void TheSmtpApplicationMaySendThroughTheCommunicationServiceAndDoNothingElse()
    {
        var role = bicep.Production.Single("Microsoft.Authorization/roleDefinitions");
        Assert.Equal([ResourceGroupId], Property(role, "assignableScopes")!.AsArray().Select(scope => scope!.GetValue<string>()));
        var permissions = Assert.Single(Property(role, "permissions")!.AsArray())!;
        Assert.Equal(
            ["Microsoft.Communication/CommunicationServices/Read", "Microsoft.Communication/CommunicationServices/Write", "Microsoft.Communication/EmailServices/write"],
            permissions["actions"]!.AsArray().Select(action => action!.GetValue<string>()));

        var assignment = Assert.Single(bicep.Production.OfType(ProductionChecks.RoleAssignmentType), a => Property(a, "principalId")?.GetValue<string>() == BicepFixture.TestSmtpPrincipalId);
        Assert.Equal(Id(bicep.Production.Single(CommunicationServiceType)), Scope(assignment));
        Assert.Equal(Id(role), Property(assignment, "roleDefinitionId")?.GetValue<string>());
    }

    [Fact]
    public void WithoutAnSmtpApplicationNoCredentialOrEmailSettingIsDeployed()
    {
        Assert.DoesNotContain(AppSettings(bicep.Minimal.Single("Microsoft.Web/sites")).Keys, name => name.StartsWith("Email__", StringComparison.Ordinal));
        Assert.DoesNotContain(bicep.Minimal.OfType("Microsoft.KeyVault/vaults/secrets"), secret => Name(secret).Contains("/email-", StringComparison.Ordinal));
        Assert.Empty(bicep.Minimal.OfType("Microsoft.Authorization/roleDefinitions"));
        Assert.Single(bicep.Minimal.OfType(CommunicationServiceType));
    }
}
