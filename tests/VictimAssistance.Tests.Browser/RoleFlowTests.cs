using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VictimAssistance.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace VictimAssistance.Tests.Browser;

/// <summary>Each role's pages on one referral: registered, routed, accepted, completed, counted; axe on every page.</summary>
[Collection(SharedBrowser.Name)]
public sealed class RoleFlowTests(BrowserFixture host)
{
    private const string Organization = "org-flow";
    private const string ProviderId = "flow-rehabilitation";

    [Fact]
    public async Task A_case_registered_in_the_browser_is_offered_accepted_completed_and_counted_on_the_dashboard()
    {
        using var admin = host.ClientFor("admin");
        (await admin.PutProviderAsync(ProviderId, ProviderSamples.Provider(services: ["rehabilitation"], admin1: ["AZ-AGM"]))).EnsureSuccessStatusCode();

        // Caseworker: registers the case, first with an empty form to see the API's messages under their labels.
        await using var caseworker = await host.VisitAsync();
        await caseworker.AssertAccessibleAsync();
        await caseworker.ScreenshotAsync("sign-in");
        await caseworker.SignInAsync("caseworker", organization: Organization);
        await Expect(caseworker.Heading("Caseload")).ToBeVisibleAsync();
        await caseworker.AssertAccessibleAsync();
        await caseworker.Page.GetByRole(AriaRole.Link, new() { Name = "Register a case" }).ClickAsync();
        await caseworker.Page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(caseworker.Page.GetByRole(AriaRole.Alert).GetByRole(AriaRole.Link, new() { Name = "Given name" })).ToBeVisibleAsync();
        await caseworker.AssertAccessibleAsync();
        var page = caseworker.Page;
        await page.GetByLabel("Given name").FillAsync("Leyla");
        await page.GetByLabel("Family name").FillAsync("Aliyeva");
        await page.GetByLabel("Sex").SelectOptionAsync("female");
        await page.GetByLabel("Estimated age").FillAsync("34");
        await page.GetByLabel("Area (admin1 code, e.g. AZ-AGM)").FillAsync("AZ-AGM");
        await page.GetByLabel("Device type").SelectOptionAsync("antipersonnel_mine");
        await page.GetByLabel("Consents to referral").CheckAsync();
        await page.GetByLabel("Consent given by").SelectOptionAsync("survivor");
        await page.GetByLabel("Rehabilitation").CheckAsync();
        await caseworker.ScreenshotAsync("caseworker-register");
        await page.GetByRole(AriaRole.Button, new() { Name = "Register" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        var caseId = (await page.GetByRole(AriaRole.Heading, new() { Level = 1 }).TextContentAsync())!.Replace("Case ", "", StringComparison.Ordinal);

        // Routed by the app in its own time: the case view shows the offer once it is made.
        using var caseworkerApi = host.ClientFor("caseworker", Organization);
        await Eventually.GetAsync(
            () => caseworkerApi.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}"),
            found => found!["referrals"]![0]!["status"]!.GetValue<string>() == "offered",
            "the referral to be offered");
        await OpenCaseAsync(caseworker, caseId);
        var referralRow = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Rehabilitation" });
        await Expect(referralRow).ToContainTextAsync("Offered");
        await Expect(referralRow).ToContainTextAsync(ProviderId);
        await caseworker.AssertAccessibleAsync();
        await caseworker.ScreenshotAsync("caseworker-case");

        // Provider: sees the offer with the time left, accepts it, completes it.
        await using var provider = await host.VisitAsync();
        await provider.SignInAsync("provider", providerId: ProviderId);
        await Expect(provider.Heading("Referrals")).ToBeVisibleAsync();
        await Expect(provider.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Rehabilitation" })).ToContainTextAsync("in ");
        await provider.AssertAccessibleAsync();
        await provider.ScreenshotAsync("provider-inbox");
        await provider.Page.GetByRole(AriaRole.Link, new() { Name = "Rehabilitation" }).ClickAsync();
        await Expect(provider.Page.GetByText("Leyla Aliyeva")).ToBeVisibleAsync();
        await provider.AssertAccessibleAsync();
        await provider.Page.GetByRole(AriaRole.Button, new() { Name = "Accept" }).ClickAsync();
        await Expect(provider.Page.GetByRole(AriaRole.Heading, new() { Name = "Complete" })).ToBeVisibleAsync();
        await provider.AssertAccessibleAsync();
        await provider.Page.GetByLabel("Outcome").SelectOptionAsync("service_provided");
        await provider.Page.GetByLabel("Notes").FillAsync("Prosthesis fitted.");
        await provider.Page.GetByRole(AriaRole.Button, new() { Name = "Complete" }).ClickAsync();
        await Expect(provider.Page.Locator(".summary")).ToContainTextAsync("Completed");

        // Caseworker: the case's referral is completed, and the history says by whom.
        await OpenCaseAsync(caseworker, caseId);
        await Expect(referralRow).ToContainTextAsync("Completed");
        await Expect(page.Locator(".timeline")).ToContainTextAsync($"Referral completed by {ProviderId}");

        // Manager: enough cases of the organisation for the statistics to be published, then the dashboard.
        for (var index = 0; index < 7; index++)
        {
            (await caseworkerApi.RegisterAsync(CaseSamples.Registration(referralConsent: false))).EnsureSuccessStatusCode();
        }

        using var managerApi = host.ClientFor("manager", Organization);
        await Eventually.GetAsync(
            () => managerApi.GetFromJsonAsync<JsonObject>("/api/statistics"),
            report => report!["cases"]!["total"] is JsonValue total && total.GetValue<int>() >= 5,
            "the statistics to count the organisation's cases");
        await using var manager = await host.VisitAsync(width: 1024);
        await manager.SignInAsync("manager", organization: Organization);
        await Expect(manager.Heading("Dashboard")).ToBeVisibleAsync();
        // Published counts carry cell-key noise and the aggregates move as the outbox catches up: a number, not its value.
        await Expect(manager.Page.Locator("[data-figure=totalCases]")).ToHaveTextAsync(new Regex("^[0-9]+$"));
        await Expect(manager.Page.Locator("canvas")).ToHaveCountAsync(5);
        await manager.Page.GetByText("Table").First.ClickAsync();
        await manager.AssertAccessibleAsync();
        await manager.ScreenshotAsync("manager-dashboard");
        var download = await manager.Page.RunAndWaitForDownloadAsync(() => manager.Page.GetByRole(AriaRole.Button, new() { Name = "Download CSV" }).ClickAsync());
        Assert.Equal("statistics.csv", download.SuggestedFilename);

        // Coordinator: every organisation's statistics, or one's; a filter that matches nothing shows "withheld", never 0.
        await using var coordinator = await host.VisitAsync();
        await coordinator.SignInAsync("coordinator");
        await Expect(coordinator.Heading("Dashboard")).ToBeVisibleAsync();
        await Expect(coordinator.Page.Locator("[data-figure=totalCases]")).ToHaveTextAsync(new Regex("^[0-9]+$"));
        await coordinator.Page.GetByLabel("Organisation").FillAsync(Organization);
        await coordinator.Page.GetByLabel("Area").FillAsync("AZ-BA");
        await coordinator.Page.GetByRole(AriaRole.Button, new() { Name = "Apply" }).ClickAsync();
        await Expect(coordinator.Page.GetByRole(AriaRole.Status)).ToContainTextAsync("Withheld");
        await coordinator.AssertAccessibleAsync();

        // Admin: the provider directory, its webhook secret never shown.
        await using var administrator = await host.VisitAsync();
        await administrator.SignInAsync("admin");
        await Expect(administrator.Heading("Provider directory")).ToBeVisibleAsync();
        await administrator.AssertAccessibleAsync();
        await administrator.ScreenshotAsync("admin-providers");
        await administrator.Page.GetByRole(AriaRole.Link, new() { Name = "Aghdam Rehabilitation Centre" }).ClickAsync();
        await Expect(administrator.Heading($"Edit provider {ProviderId}")).ToBeVisibleAsync();
        await Expect(administrator.Page.GetByLabel("New webhook secret (write-only; leave empty to keep)")).ToHaveValueAsync("");
        await administrator.AssertAccessibleAsync();
    }

    private static async Task OpenCaseAsync(Visitor caseworker, string caseId)
    {
        await caseworker.Page.GetByRole(AriaRole.Link, new() { Name = "Caseload" }).ClickAsync();
        await caseworker.Page.GetByLabel("Case id").FillAsync(caseId);
        await caseworker.Page.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();
        await Expect(caseworker.Heading($"Case {caseId}")).ToBeVisibleAsync();
    }
}
