using System.Net;
using Microsoft.Playwright;
using VictimAssistance.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace VictimAssistance.Tests.Browser;

[Collection(SharedBrowser.Name)]
public sealed class HeldSubmissionTests(BrowserFixture host)
{
    [Fact]
    public async Task A_caseworker_corrects_a_held_Kobo_submission_and_releases_it_as_a_case()
    {
        var submission = KoboSamples.Submission(KoboSamples.Registration, Guid.NewGuid().ToString());
        submission["survivor/sex"] = "not_a_sex";
        using var held = await host.Client.PostSubmissionAsync(submission);
        Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);

        await using var caseworker = await host.VisitAsync();
        await caseworker.SignInAsync("caseworker", organization: KoboSamples.Organization);
        await caseworker.Page.GetByRole(AriaRole.Link, new() { Name = "Held submissions" }).ClickAsync();
        await Expect(caseworker.Heading("Held Kobo submissions")).ToBeVisibleAsync();
        await caseworker.AssertAccessibleAsync();
        var row = caseworker.Page.GetByRole(AriaRole.Row).Filter(new() { HasText = "survivor/sex" });
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var sex = caseworker.Page.GetByLabel("survivor/sex");
        await Expect(sex).ToHaveValueAsync("not_a_sex");
        await caseworker.AssertAccessibleAsync();

        await sex.FillAsync("male");
        await caseworker.Page.GetByRole(AriaRole.Button, new() { Name = "Correct and release" }).ClickAsync();

        await Expect(caseworker.Page.GetByRole(AriaRole.Heading, new() { Name = "History" })).ToBeVisibleAsync();
        await Expect(caseworker.Page.Locator(".summary")).ToContainTextAsync("Male");
    }
}
