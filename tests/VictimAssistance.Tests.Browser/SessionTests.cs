using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace VictimAssistance.Tests.Browser;

[Collection(SharedBrowser.Name)]
public sealed class SessionTests(BrowserFixture host)
{
    [Fact]
    public async Task The_language_comes_from_the_browser_and_can_be_switched()
    {
        await using var visitor = await host.VisitAsync(locale: "az-AZ");
        await Expect(visitor.Heading("Daxil ol")).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "az");
        await visitor.AssertAccessibleAsync();

        await visitor.Page.GetByLabel("Dil").SelectOptionAsync("ru");
        await Expect(visitor.Heading("Вход")).ToBeVisibleAsync();
        await Expect(visitor.Page.Locator("html")).ToHaveAttributeAsync("lang", "ru");
        await visitor.AssertAccessibleAsync();
    }

    [Fact]
    public async Task Signing_out_forgets_the_session_and_the_pages_seen()
    {
        await using var visitor = await host.VisitAsync();
        await visitor.SignInAsync("caseworker", organization: "org-sign-out");
        await Expect(visitor.Heading("Caseload")).ToBeVisibleAsync();

        await visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(visitor.Heading("Sign in")).ToBeVisibleAsync();
        Assert.Equal(0, await visitor.Page.EvaluateAsync<int>("sessionStorage.length + localStorage.length"));
        await visitor.Page.GotoAsync("/#/cases");
        await Expect(visitor.Heading("Sign in")).ToBeVisibleAsync();
        await Expect(visitor.Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToHaveCountAsync(0);
    }
}
