using EvSysReview.Standalone;
using EvSysReview.TestSupport;
using Microsoft.Playwright;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The standalone host (every module, in-memory bus, SQLite in a temp folder, the demo users of
/// deploy/Standalone/appsettings.json with their real passwords) on a free port, serving the web UI
/// from gateway/wwwroot, and Debian's headless Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static readonly Dictionary<string, string> Passwords = new()
    {
        ["alice"] = "lead-demo-pass",
        ["bob"] = "reviewer-demo-pass",
        ["carol"] = "reviewer-demo-pass",
        ["dana"] = "methodologist-demo-pass",
        ["erin"] = "observer-demo-pass",
    };

    private IPlaywright? playwright;

    public RunningHost Host { get; private set; } = null!;

    /// <summary>PubMed for the saved searches: ingestion's E-utilities base URL points here (the host's configuration, not a production default).</summary>
    public FakeEUtilities PubMed { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("evsys-browser-").FullName;

    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: install Debian's chromium package (apt-get install -y chromium). Playwright's own browser download is not used.");
        }

        Directory.CreateDirectory(ScreenshotDirectory);
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = DataDirectory;
        settings["WebRoot"] = Path.Combine(RepoPaths.Root, "gateway", "wwwroot");
        PubMed = await FakeEUtilities.StartAsync();
        settings["Ingestion:Alerts:BaseUrl"] = PubMed.Address.ToString();
        settings["Ingestion:Alerts:PollInterval"] = "00:00:00.200";
        settings["Ingestion:Alerts:RetryDelay"] = "00:00:00.050";
        Host = await RunningHost.StartAsync(StandaloneHost.Create, settings, "deploy/Standalone/appsettings.json");

        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        playwright?.Dispose();
        if (Host is not null) await Host.DisposeAsync();
        if (PubMed is not null) await PubMed.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a WAL file briefly; the temp folder is cleaned by the OS.
        }
    }

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    /// <summary>A fresh browser context (its own memory, so its own sign-in) with console errors collected.</summary>
    /// <param name="address">Another host to open (the gateway of a test of its own); the standalone host by default.</param>
    /// <param name="locale">The browser's language and formats (navigator.language, Intl's default).</param>
    /// <param name="timeZone">The browser's time zone (an IANA id); the machine's by default.</param>
    public async Task<UiSession> OpenAsync(ViewportSize? viewport = null, Uri? address = null, string locale = "en-GB", string? timeZone = null)
    {
        var context = await Browser.NewContextAsync(new() { ViewportSize = viewport ?? Desktop, BaseURL = (address ?? Host.Address).ToString(), Locale = locale, TimezoneId = timeZone });
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var session = new UiSession(context, page);
        OpenSessions.Add(session);
        page.Console += (_, message) =>
        {
            if (message.Type == "error") session.ConsoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) => session.ConsoleErrors.Add(error);
        return session;
    }

    public HttpClient ApiAs(string username) => Host.Client(TestTokens.Valid(username));

    /// <summary>Sessions opened so far, for screenshots of every open tab when a test fails.</summary>
    public List<UiSession> OpenSessions { get; } = [];

    /// <summary>Screenshots of every still-open tab, named after the failing test.</summary>
    public async Task ScreenshotOpenSessionsAsync(string name)
    {
        for (var i = 0; i < OpenSessions.Count; i++)
        {
            try
            {
                await OpenSessions[i].ScreenshotAsync($"failed-{name}-{i}");
            }
            catch (PlaywrightException)
            {
                // That tab is already closed.
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}

/// <summary>One person's browser tab.</summary>
public sealed class UiSession(IBrowserContext context, IPage page) : IAsyncDisposable
{
    public IBrowserContext Context { get; } = context;

    public IPage Page { get; } = page;

    /// <summary>Errors the page logged; an API that answers 404 is shown in the page, not thrown, so this stays empty except for resource loads.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task SignInAsync(string username)
    {
        await Page.GotoAsync("/");
        await Page.GetByLabel("Username").FillAsync(username);
        await Page.GetByLabel("Password").FillAsync(BrowserFixture.Passwords[username]);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
    }

    /// <summary>Saves a full-page PNG under TestResults/screenshots beside the test binaries.</summary>
    public async Task ScreenshotAsync(string name)
    {
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotDirectory, $"{name}.png"), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
