using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Reliability;

/// <summary>Azurite first; the LocalHost starts when the test has left storage as a dead process left it.</summary>
public sealed class ColdLocalHost : LocalHostFixture
{
    protected override bool StartsAppWithStorage => false;
}

/// <summary>
/// A process that committed a case and died before any follow-up ran (the Core write path with nothing polling the
/// queues, then disposed): a fresh LocalHost on the same storage drives the outbox to the end.
/// </summary>
public sealed class OutboxRestartTests(ColdLocalHost host) : IClassFixture<ColdLocalHost>
{
    [Fact]
    public async Task A_case_committed_by_a_process_that_died_before_its_follow_up_is_listed_and_routed_after_restart()
    {
        string caseId;
        await using (var died = await CoreOnAzurite.StartAsync(host.ConnectionString))
        {
            var admin = new Caller("admin-1", Roles.Admin, new AllRecords());
            var provider = new ProviderRequest("restart-rehab", true, ["rehabilitation", "psychosocial"], new ProviderCoverage(["AZ-ISM"]), ["az"], 5, Eligibility: null, Webhook: null);
            Assert.Null((await died.GetRequiredService<ProviderService>().PutAsync(admin, "restart-rehab", provider, CancellationToken.None)).Problem);
            var registration = CaseSamples.Registration();
            registration["survivor"]!["location"]!["admin1"] = "AZ-ISM";
            var details = JsonSerializer.Deserialize(registration.ToJsonString(), CaseJson.Api.CaseDetails)!;
            var caseworker = new Caller("caseworker-1", Roles.Caseworker, new OrganizationScope("org-restart"));
            caseId = (await died.GetRequiredService<CaseService>().RegisterAsync(caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;
        }

        Assert.Equal(1, await OutboxRowsAsync(caseId));
        await host.StartAppAsync();

        using var client = host.ClientFor(Roles.Caseworker, "org-restart");
        await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"))!["referrals"]!.AsArray(),
            referrals => referrals.Count == 2 && referrals.All(referral => (string?)referral!["providerId"] == "restart-rehab"),
            "both referrals offered after the restart");
        await Eventually.GetAsync(
            async () => (await client.GetFromJsonAsync<JsonObject>("/api/cases"))!["items"]!.AsArray(),
            items => items.Any(item => (string)item!["caseId"]! == caseId),
            "the case listed after the restart");
        await Eventually.GetAsync(() => OutboxRowsAsync(caseId), rows => rows == 0, "the outbox row deleted");
        LogAssertions.AssertNoPersonalDataOrSecrets(host.Logs);
        host.ThrowIfAFunctionFailed();
    }

    private async Task<int> OutboxRowsAsync(string caseId) =>
        await host.Storage.Table(TableNames.Cases).QueryAsync<TableEntity>(CaseRows.RangeFilter(caseId, CaseRows.OutboxPrefix)).CountAsync();
}
