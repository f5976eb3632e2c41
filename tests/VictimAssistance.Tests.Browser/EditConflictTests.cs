using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using VictimAssistance.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace VictimAssistance.Tests.Browser;

[Collection(SharedBrowser.Name)]
public sealed class EditConflictTests(BrowserFixture host)
{
    private const string Organization = "org-conflict";

    [Fact]
    public async Task An_edit_based_on_an_old_version_shows_what_someone_else_changed_and_saves_on_top_of_it()
    {
        using var api = host.ClientFor("caseworker", Organization);
        var registered = await api.RegisterAsync(CaseSamples.Registration(referralConsent: false));
        var caseId = (await registered.ReadObjectAsync())["caseId"]!.GetValue<string>();

        await using var caseworker = await host.VisitAsync();
        await caseworker.SignInAsync("caseworker", organization: Organization);
        var page = caseworker.Page;
        await page.GetByLabel("Case id").FillAsync(caseId);
        await page.GetByRole(AriaRole.Button, new() { Name = "Open case" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        await Expect(caseworker.Heading($"Edit case {caseId}")).ToBeVisibleAsync();
        await caseworker.AssertAccessibleAsync();

        // Someone else changes the phone while the form is open.
        (await api.PatchAsync(caseId, registered.Headers.ETag!.Tag, new JsonObject { ["survivor"] = new JsonObject { ["phone"] = "+994551112233" } })).EnsureSuccessStatusCode();

        await page.GetByLabel("Community").FillAsync("Papravend");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var conflict = page.Locator(".conflict");
        await Expect(conflict).ToContainTextAsync("changed by someone else");
        await Expect(conflict.GetByRole(AriaRole.Listitem)).ToHaveTextAsync(["Phone (e.g. +994501234567): +994551112233"]);
        await Expect(page.GetByLabel("Community")).ToHaveValueAsync("Papravend");
        await caseworker.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(caseworker.Heading($"Case {caseId}")).ToBeVisibleAsync();
        var saved = await api.GetFromJsonAsync<JsonObject>($"/api/cases/{caseId}");
        Assert.Equal("+994551112233", saved!["survivor"]!["phone"]!.GetValue<string>());
        Assert.Equal("Papravend", saved["survivor"]!["location"]!["community"]!.GetValue<string>());
    }
}
