using System.Collections.Concurrent;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Browser;

/// <summary>
/// The LocalHost (serving the web app and the API, with a Kobo intake key) and one Chromium from @sparticuz/chromium, shared by every browser
/// test: one browser process on a machine of two cores. Each test opens contexts of its own (separate sessions).
/// </summary>
public sealed class BrowserFixture : IntakeHostFixture
{
    private IPlaywright? playwright;
    private IBrowser? browser;

    public IBrowser Browser => browser ?? throw new InvalidOperationException("Chromium has not started.");

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var chromium = await ChromiumPackage.UnpackAsync();
        Assertions.SetDefaultExpectTimeout((float)Patience.Bound.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium.ExecutablePath,
            Args = chromium.Arguments,
            Headless = true,
            Timeout = (float)Patience.Bound.TotalMilliseconds,
        });
    }

    public override async Task DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
        }

        playwright?.Dispose();
        await base.DisposeAsync();
    }

    /// <summary>A fresh browser session (its own storage) at 360 px wide unless told otherwise, in the locale given.</summary>
    public async Task<Visitor> VisitAsync(string locale = "en-GB", int width = 360)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
        });
        context.SetDefaultTimeout((float)Patience.Bound.TotalMilliseconds);
        var page = await context.NewPageAsync();
        var visitor = new Visitor(context, page);
        await page.GotoAsync("/");
        return visitor;
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// One person in one browser session: their page, and every console error it logged (a CSP refusal included) but
/// Chromium's note of a 4xx answer, which the app shows the user itself (a validation message, a conflict).
/// </summary>
public sealed class Visitor : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> errors = new();

    public Visitor(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource: the server responded with a status of 4", StringComparison.Ordinal))
            {
                errors.Enqueue(message.Text);
            }
        };
        page.PageError += (_, error) => errors.Enqueue(error);
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public IReadOnlyCollection<string> Errors => errors.ToArray();

    public async Task SignInAsync(string role, string? organization = null, string? providerId = null)
    {
        await Page.GetByLabel("Role").SelectOptionAsync(role);
        if (organization is not null)
        {
            await Page.GetByLabel("Organisation").FillAsync(organization);
        }

        if (providerId is not null)
        {
            await Page.GetByLabel("Provider id").FillAsync(providerId);
        }

        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Exact = true, Level = 1 });

    /// <summary>
    /// axe-core's WCAG 2.2 A and AA rules on the page as it is now: no violation; nothing wider than the window (the
    /// tests' 360 px, WCAG reflow); and no console error so far.
    /// </summary>
    public async Task AssertAccessibleAsync()
    {
        Assert.True(await Page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), $"{Page.Url} is wider than the window.");
        var result = await Page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        Assert.True(
            result.Violations.Length == 0,
            $"axe on {Page.Url}: " + string.Join("; ", result.Violations.Select(v => $"{v.Id} ({v.Help}) at {string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))}")));
        Assert.Empty(Errors);
    }

    /// <summary>Saves a screenshot when VA_SCREENSHOTS names a folder (how docs/screenshots is refreshed); otherwise nothing.</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("VA_SCREENSHOTS") is { Length: > 0 } folder)
        {
            await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
