using System.Net;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Providers;

/// <summary>The provider directory over HTTP: admin writes, every role reads, the webhook secret is write-only.</summary>
public sealed class ProviderDirectoryTests(LocalHostFixture host) : IClassFixture<LocalHostFixture>
{
    [Fact]
    public async Task Put_creates_then_replaces_and_every_role_reads_it_without_the_secret()
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var created = await admin.PutProviderAsync("aghdam-rehab", ProviderSamples.Provider(withWebhook: true));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/providers/aghdam-rehab", created.Headers.Location!.OriginalString);
        var body = await created.ReadObjectAsync();
        Assert.Equal("aghdam-rehab", (string)body["providerId"]!);
        Assert.True((bool)body["webhook"]!["secretConfigured"]!);

        var replacement = ProviderSamples.Provider(capacity: 5, withWebhook: true);
        replacement["webhook"]!.AsObject().Remove("secret");
        using var replaced = await admin.PutProviderAsync("aghdam-rehab", replacement);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var afterReplace = await replaced.ReadObjectAsync();
        Assert.Equal(5, (int)afterReplace["capacity"]!);
        Assert.True((bool)afterReplace["webhook"]!["secretConfigured"]!);

        using var provider = host.ClientFor(Roles.Provider, providerId: "aghdam-rehab");
        using var read = await provider.GetAsync("/api/providers/aghdam-rehab");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-providers");
        using var list = await caseworker.GetAsync("/api/providers");
        var items = (await list.ReadObjectAsync())["items"]!.AsArray();
        Assert.Contains(items, item => (string)item!["providerId"]! == "aghdam-rehab");
        foreach (var response in new[] { created, replaced, read, list })
        {
            Assert.DoesNotContain("whsec_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(ProviderSamples.Secret["whsec_".Length..], host.Logs.All, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Email_and_webhook_url_are_shown_to_admins_and_the_provider_itself_only()
    {
        using var admin = host.ClientFor(Roles.Admin);
        var entry = ProviderSamples.Provider(withWebhook: true);
        entry["email"] = new JsonArray("referrals@provider.example", "REFERRALS@provider.example", "team@provider.example");
        using var created = await admin.PutProviderAsync("channels-seen", entry);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["referrals@provider.example", "team@provider.example"], (await created.ReadObjectAsync())["email"]!.AsArray().Select(item => (string)item!));

        using var itself = host.ClientFor(Roles.Provider, providerId: "channels-seen");
        using var other = host.ClientFor(Roles.Provider, providerId: "another-provider");
        using var caseworker = host.ClientFor(Roles.Caseworker, "org-providers");
        foreach (var (client, sees) in new[] { (admin, true), (itself, true), (other, false), (caseworker, false) })
        {
            using var read = await client.GetAsync("/api/providers/channels-seen");
            var body = await read.ReadObjectAsync();
            using var list = await client.GetAsync("/api/providers?limit=200");
            var listed = (await list.ReadObjectAsync())["items"]!.AsArray().Single(item => (string)item!["providerId"]! == "channels-seen")!.AsObject();
            foreach (var seen in new[] { body, listed })
            {
                Assert.Equal(sees, seen.ContainsKey("email"));
                Assert.Equal(sees, seen.ContainsKey("webhook"));
            }

            if (!sees)
            {
                Assert.DoesNotContain("provider.example", await read.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task Invalid_email_addresses_are_400_by_path()
    {
        using var admin = host.ClientFor(Roles.Admin);
        var provider = ProviderSamples.Provider();
        provider["email"] = new JsonArray("Referrals <referrals@provider.example>", "no-at-sign", "", "a@b.example", "c@b.example", "d@b.example");
        using var tooMany = await admin.PutProviderAsync("email-invalid", provider);
        await tooMany.AssertValidationProblemAsync("email");

        provider["email"] = new JsonArray("Referrals <referrals@provider.example>", "no-at-sign", "", "ok@provider.example");
        using var response = await admin.PutProviderAsync("email-invalid", provider);
        await response.AssertValidationProblemAsync("email[0]", "email[1]", "email[2]");
    }

    [Fact]
    public async Task Invalid_fields_are_400_by_path_without_echoing_values()
    {
        using var admin = host.ClientFor(Roles.Admin);
        var provider = ProviderSamples.Provider(services: ["surgery-secret-value"], admin1: ["bad code!"], capacity: 501, minAge: 60, maxAge: 18);
        provider["webhook"] = new JsonObject { ["url"] = "http://hooks.example/secret-path", ["secret"] = "not-a-secret-value" };

        using var response = await admin.PutProviderAsync("aghdam-invalid", provider);

        var problem = await response.AssertValidationProblemAsync("services[0]", "coverage.admin1[0]", "capacity", "eligibility.maxAge", "webhook.url", "webhook.secret");
        var text = problem.ToJsonString();
        Assert.DoesNotContain("surgery-secret-value", text, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path", text, StringComparison.Ordinal);
        Assert.DoesNotContain("not-a-secret-value", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_new_webhook_needs_a_secret_and_a_loopback_url_is_allowed_when_running_locally()
    {
        using var admin = host.ClientFor(Roles.Admin);
        var provider = ProviderSamples.Provider();
        provider["webhook"] = new JsonObject { ["url"] = "http://127.0.0.1:9999/hooks" };
        using var withoutSecret = await admin.PutProviderAsync("loopback-hooks", provider);
        await withoutSecret.AssertValidationProblemAsync("webhook.secret");

        provider["webhook"]!["secret"] = ProviderSamples.Secret;
        using var withSecret = await admin.PutProviderAsync("loopback-hooks", provider);
        Assert.Equal(HttpStatusCode.Created, withSecret.StatusCode);
    }

    [Fact]
    public async Task Only_admin_writes_and_malformed_or_unknown_ids_are_refused()
    {
        using var provider = host.ClientFor(Roles.Provider, providerId: "aghdam-rehab");
        using var forbidden = await provider.PutProviderAsync("aghdam-rehab", ProviderSamples.Provider());
        await forbidden.AssertProblemAsync(HttpStatusCode.Forbidden);

        using var admin = host.ClientFor(Roles.Admin);
        using var malformed = await admin.PutProviderAsync("Not_Valid", ProviderSamples.Provider());
        await malformed.AssertValidationProblemAsync("providerId");
        using var unknown = await admin.GetAsync("/api/providers/no-such-provider");
        await unknown.AssertProblemAsync(HttpStatusCode.NotFound);
        using var malformedRead = await admin.GetAsync("/api/providers/x'%20or%20'1");
        await malformedRead.AssertProblemAsync(HttpStatusCode.NotFound);
        using var badToken = await admin.GetAsync("/api/providers?continuationToken=%%%");
        await badToken.AssertValidationProblemAsync("continuationToken");
    }
}
