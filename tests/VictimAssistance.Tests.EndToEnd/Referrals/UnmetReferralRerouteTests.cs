using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Notifications;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Referrals;

/// <summary>
/// Re-routing after a directory change, on a real Azurite with nothing polling the queues: a PUT announces the
/// provider off the request, an identical PUT announces nothing, and only the unmet referrals the changed provider
/// could take are routed again.
/// </summary>
public sealed class UnmetReferralRerouteTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-reroute"));

    [Fact]
    public async Task A_changed_provider_routes_again_only_the_unmet_referrals_it_could_take_and_an_identical_put_routes_nothing()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        var queues = new CoreQueues(azurite, services);
        var inArea = await UnmetCaseAsync(services, queues, "AZ-QBI");
        var elsewhere = await UnmetCaseAsync(services, queues, "AZ-QOB");

        var provider = new ProviderRequest("Reroute", true, ["legal"], new ProviderCoverage(["AZ-QBI"]), ["az"], 5, Eligibility: null, Webhook: null);
        var directory = services.GetRequiredService<ProviderService>();
        Assert.Null((await directory.PutAsync(Admin, "reroute-legal", provider, CancellationToken.None)).Problem);
        Assert.Null((await directory.PutAsync(Admin, "reroute-legal", provider, CancellationToken.None)).Problem);

        var announcements = await queues.TakeAllAsync(QueueNames.ProviderChanged);
        var announcement = Assert.Single(announcements);
        await services.GetRequiredService<UnmetReferralRerouter>().RerouteAsync(announcement, CancellationToken.None);
        var routed = (await queues.TakeAllAsync(QueueNames.RouteReferral))
            .Select(text => JsonSerializer.Deserialize(text, ReferralJson.Default.RouteReferralMessage)!.CaseId)
            .ToList();
        Assert.Equal([inArea], routed);
        Assert.DoesNotContain(elsewhere, routed);
    }

    /// <summary>A case with one legal need in the area, routed while no provider covers it: unmet, and indexed as such.</summary>
    private static async Task<string> UnmetCaseAsync(IServiceProvider services, CoreQueues queues, string area)
    {
        var details = JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;
        details = details with
        {
            Survivor = details.Survivor! with { Location = details.Survivor.Location! with { Admin1 = area } },
            Needs = [new NeedDetails("legal", "routine", Notes: null)],
        };
        var caseId = (await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None)).Value!.Case.CaseId;
        await queues.DrainAsync(twiceAtOnce: false);

        var referral = (await services.GetRequiredService<CaseStore>().LoadAsync(caseId, CancellationToken.None))!.ReferralRows().Single();
        Assert.Equal(ReferralStatuses.Unmet, referral.Status);
        return caseId;
    }
}
