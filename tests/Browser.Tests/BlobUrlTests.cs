using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// Every blob: URL the page makes (plots shown as &lt;img&gt;, CSV and SVG downloads) is revoked once
/// nothing needs it: a URL never revoked keeps its blob in memory for the life of the page, so a
/// reviewer who exports again and again in a long session would pile them up.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BlobUrlTests(BrowserFixture fixture)
{
    /// <summary>Runs before the app's first script: records each URL created and each revoked.</summary>
    private const string CountBlobUrls = """
        (() => {
          const created = [], revoked = [];
          const create = URL.createObjectURL, revoke = URL.revokeObjectURL;
          URL.createObjectURL = (blob) => { const url = create.call(URL, blob); created.push(url); return url; };
          URL.revokeObjectURL = (url) => { revoked.push(url); revoke.call(URL, url); };
          window.blobUrls = { created, revoked };
        })();
        """;

    [Fact]
    public async Task Every_blob_url_of_the_synthesis_and_risk_of_bias_plots_and_downloads_is_revoked_and_each_download_still_holds_its_file()
    {
        var (projectId, api, studies) = await SynthesisVersionOneAsync();
        await using var alice = await fixture.OpenAsync();
        await alice.Context.AddInitScriptAsync(CountBlobUrls);
        await alice.SignInAsync("alice");
        var page = alice.Page;

        // The dashboard: forest, funnel and PRISMA shown as images, then the CSV downloaded twice
        // (a reviewer exporting repeatedly) and each plot's SVG once.
        await page.GotoAsync($"/#/p/{projectId}/synthesis");
        await Expect(page.Locator(".current-version")).ToHaveAttributeAsync("data-version", "1", new() { Timeout = 30_000 });
        await PlotsShownAsync(page, 3);
        for (var i = 0; i < 2; i++)
        {
            var csv = await DownloadAsync(page, page.GetByRole(AriaRole.Link, new() { Name = "Download analyses (CSV)" }), "analyses-v1.csv");
            Assert.StartsWith("analysis,outcome,measure,study,year,time_point,comparison,yi,vi,ci_lower,ci_upper,high_risk_of_bias,retracted\r\nmwmEscapeLatency,", csv);
            Assert.Equal(4, csv.Split("\r\n").Length); // header, two studies, the final line break
        }

        foreach (var (alt, file) in new[]
        {
            ("Forest plot: mwmEscapeLatency, version 1", "forest-mwmEscapeLatency-v1.svg"),
            ("Funnel plot: mwmEscapeLatency, version 1", "funnel-mwmEscapeLatency-v1.svg"),
            ("PRISMA 2020 flow diagram", "prisma-2020.svg"),
        })
        {
            await SvgDownloadAsync(page, alt, file);
        }

        // 3 images + 2 CSV + 3 SVG downloads; only the 3 images shown still hold their URLs. (Before
        // the fix: 4 created, one per image shared with its link plus the CSV link's, none revoked.)
        await ExpectBlobUrlsAsync(page, created: 8, revoked: 5);
        await alice.ScreenshotAsync("42-synthesis-blob-urls");

        // A third study makes version 2: the page redraws by itself and the 3 replaced images free theirs.
        foreach (var extractor in new[] { "bob", "carol" }) await api.ExtractAsync(extractor, studies[2], ReviewApi.Entry(route: "intranasal", controlMean: 55, treatmentMean: 30));
        await api.FinalizeExtractionAsync("dana", studies[2]);
        await Expect(page.Locator(".current-version")).ToHaveAttributeAsync("data-version", "2", new() { Timeout = 30_000 });
        await PlotsShownAsync(page, 3);
        await ExpectBlobUrlsAsync(page, created: 11, revoked: 8);

        // Risk of bias: leaving the dashboard frees its images; the traffic-light and summary plots
        // of the project's one tool are shown and downloaded.
        await page.GotoAsync($"/#/p/{projectId}/risk-of-bias");
        await PlotsShownAsync(page, 2);
        await SvgDownloadAsync(page, "Traffic-light plot: judgement per study and domain", "risk-of-bias-traffic-light.svg");
        await SvgDownloadAsync(page, "Summary plot: share of studies per judgement and domain", "risk-of-bias-summary.svg");
        await ExpectBlobUrlsAsync(page, created: 15, revoked: 13);

        // A screen without plots: every URL made in this session is revoked.
        await page.GotoAsync($"/#/p/{projectId}/team");
        await Expect(page.Locator("h1.screen-title")).ToHaveTextAsync("Team and roles");
        await ExpectBlobUrlsAsync(page, created: 15, revoked: 15);
    }

    /// <summary>Seven animal studies included; two of them extracted by bob and carol alike and finalised by dana, so synthesis makes version 1.</summary>
    private async Task<(string ProjectId, ReviewApi Api, List<string> Studies)> SynthesisVersionOneAsync()
    {
        var projectId = await OneRecordProject.CreateAsync(fixture, ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist"));
        await OneRecordProject.ImportAsync(fixture, projectId, "ris/asreview_pubmed_zotero.ris", "application/x-research-info-systems", expectedItems: 7);
        await OneRecordProject.IncludeEveryRecordAsync(fixture, projectId, "animal");
        var api = new ReviewApi(fixture, projectId);
        var studies = (await api.WaitForExtractionTasksAsync(7)).Values.Order().ToList();
        foreach (var (study, controlMean) in studies.Zip([50.0, 45.0]))
        {
            foreach (var extractor in new[] { "bob", "carol" }) await api.ExtractAsync(extractor, study, ReviewApi.Entry(route: "intranasal", controlMean: controlMean, treatmentMean: 30));
            await api.FinalizeExtractionAsync("dana", study);
        }

        return (projectId, api, studies);
    }

    /// <summary>Each plot's image has loaded and is drawn (a decoded image keeps its pixels after its URL is revoked).</summary>
    private static async Task PlotsShownAsync(IPage page, int count)
    {
        var images = page.Locator("figure.plot img");
        await Expect(images).ToHaveCountAsync(count, new() { Timeout = 20_000 });
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('figure.plot img')].every(i => i.complete)");
        Assert.All(await images.EvaluateAllAsync<int[]>("images => images.map(i => i.naturalWidth)"), width => Assert.True(width > 0, "a plot image is not drawn"));
    }

    private static async Task SvgDownloadAsync(IPage page, string alt, string file)
    {
        var figure = page.Locator("figure.plot").Filter(new() { Has = page.GetByRole(AriaRole.Img, new() { Name = alt, Exact = true }) });
        var svg = XDocument.Parse(await DownloadAsync(page, figure.GetByRole(AriaRole.Link, new() { Name = "Download SVG" }), file));
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
    }

    /// <summary>Clicks the link and returns the downloaded file's text: the download completed although its URL is revoked.</summary>
    private static async Task<string> DownloadAsync(IPage page, ILocator link, string file)
    {
        var download = page.WaitForDownloadAsync();
        await link.ClickAsync();
        Assert.Equal(file, (await download).SuggestedFilename);
        Assert.Null(await (await download).FailureAsync());
        return await File.ReadAllTextAsync((await (await download).PathAsync())!);
    }

    /// <summary>
    /// Exactly <paramref name="created"/> blob URLs so far, <paramref name="revoked"/> of them revoked
    /// (each once), and those still open are the plot images shown now. An image's URL is revoked
    /// when its image leaves the page, so this waits for the page to get there; if it never does,
    /// the assertions say what it did instead.
    /// </summary>
    private static async Task ExpectBlobUrlsAsync(IPage page, int created, int revoked)
    {
        const string OpenUrls = "blobUrls.created.filter(u => !blobUrls.revoked.includes(u)).sort().join(' ')";
        const string ShownImages = "[...document.querySelectorAll('figure.plot img')].map(i => i.src).sort().join(' ')";
        try
        {
            await page.WaitForFunctionAsync(
                $"([created, revoked]) => blobUrls.created.length === created && blobUrls.revoked.length === revoked && {OpenUrls} === {ShownImages}",
                new[] { created, revoked }, new() { Timeout = 10_000 });
        }
        catch (TimeoutException)
        {
            // Reported below, with the counts.
        }

        var seen = await page.EvaluateAsync<JsonElement>($"() => ({{ created: blobUrls.created.length, revoked: blobUrls.revoked.length, open: {OpenUrls}, shown: {ShownImages} }})");
        var open = seen.GetProperty("open").GetString()!;
        var shown = seen.GetProperty("shown").GetString()!;
        Assert.Equal($"created {created}, revoked {revoked}, still open {created - revoked}, all of them shown",
            $"created {seen.GetProperty("created").GetInt32()}, revoked {seen.GetProperty("revoked").GetInt32()}, still open {open.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length}, {(open == shown ? "all of them shown" : $"shown: [{shown}], open: [{open}]")}");
    }
}
