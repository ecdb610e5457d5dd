using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.Synthesis.Tests.MetaAnalyses;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>
/// The living synthesis on a real host (in-memory bus, SQLite): upstream events in, versions out.
/// Expected numbers from metafor 3.8-1 (escape latency is higher-is-worse, so the effects are
/// sign-flipped and positive favours treatment):
///   d &lt;- data.frame(m1i=c(25,30,22,35), sd1i=c(8,9,7,10), n1i=c(10,12,8,15), m2i=c(40,38,45,37), sd2i=c(10,11,12,9), n2i=c(10,12,8,15))
///   dat &lt;- escalc(measure="SMD", m1i=m1i, sd1i=sd1i, n1i=n1i, m2i=m2i, sd2i=sd2i, n2i=n2i, data=d)
///   rma(-yi, vi, data=dat[1:3,], method="REML", test="knha")  # 3 studies
///   rma(-yi, vi, data=dat, method="REML", test="knha")        # 4 studies
///   rma(-yi, vi, data=dat[1:2,], method="REML", test="knha")  # without Chen 2021 (high risk): 1.126
///   rma(-yi, vi, data=dat[c(1,2,4),], method="REML", test="knha")  # 4 studies without Chen 2021: 0.789
/// </summary>
[Collection(LivingCollection.Name)]
public sealed class LivingSynthesisTests : IAsyncLifetime
{
    // R: rma(-yi, vi, data=dat[1:3,], method="REML", test="knha"): b, se, ci.lb, ci.ub, tau2, I2
    private const double Estimate3 = 1.4252735693388883, Se3 = 0.41559640058416658, CiLower3 = -0.36289341810862763, CiUpper3 = 3.2134405567864039, Tau2Of3 = 0.25978726136917429, I2Of3 = 49.364031359177325;
    // R: rma(-yi, vi, data=dat, method="REML", test="knha")
    private const double Estimate4 = 1.0961567728932653, I2Of4 = 70.214518452036728;
    // R: rma(-yi, vi, data=dat[1:2,], method="REML", test="knha")
    private const double WithoutHighRisk = 1.1261010249052592;

    private readonly Guid _projectId = Guid.NewGuid();
    private RunningHost _host = null!;
    private UpstreamEvents _events = null!;

    public async Task InitializeAsync()
    {
        _host = await SynthesisHost.StartAsync(debounceMs: 1000, alsoAdd: b =>
        {
            b.AddModule<RecorderModule>();
            b.AddConsumer<RecorderModule, SynthesisUpdatedConsumer>();
        });
        _events = new UpstreamEvents(_host.Services.GetRequiredService<IBus>(), _projectId);
        await _events.TeamAsync(("alice", "lead"), ("erin", "observer"));
        await _events.ProtocolAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private string Base => $"/api/synthesis/projects/{_projectId}";

    [Fact]
    public async Task Versions_follow_the_evidence_with_summaries_diffs_plots_and_no_version_for_a_duplicate()
    {
        Guid li = Guid.NewGuid(), wang = Guid.NewGuid(), chen = Guid.NewGuid(), kim = Guid.NewGuid();
        await IncludeAndExtractAsync(li, "Li", 2019, "alzheimers", (25, 8, 10), (40, 10, 10));
        await IncludeAndExtractAsync(wang, "Wang", 2020, "alzheimers", (30, 9, 12), (38, 11, 12));
        await IncludeAndExtractAsync(chen, "Chen", 2021, "parkinsons", (22, 7, 8), (45, 12, 8));
        await _events.Publish(new RiskOfBiasAssessed { ProjectId = _projectId, StudyId = chen, Revision = 1, Tool = "syrcle", Domains = new Dictionary<string, string>(), HighRisk = true });
        await _events.Publish(new RiskOfBiasAssessed { ProjectId = _projectId, StudyId = li, Revision = 1, Tool = "syrcle", Domains = new Dictionary<string, string>(), HighRisk = false });

        // Version 1: the three studies, one burst, one version.
        var v1 = await VersionAsync(1);
        var analysis = Single(v1);
        Assert.Equal("mwmEscapeLatency", analysis.GetProperty("id").GetString());
        var result = analysis.GetProperty("result");
        Assert.Equal(3, result.GetProperty("k").GetInt32());
        Close.Equal(Estimate3, result.GetProperty("estimate").GetDouble(), "pooled SMD of 3 studies");
        Close.Equal(Se3, result.GetProperty("se").GetDouble(), "SE");
        Close.Equal(CiLower3, result.GetProperty("ciLower").GetDouble(), "ci.lb");
        Close.Equal(CiUpper3, result.GetProperty("ciUpper").GetDouble(), "ci.ub");
        Close.Equal(Tau2Of3, result.GetProperty("tau2").GetDouble(), "tau2");
        Close.Equal(I2Of3, result.GetProperty("i2").GetDouble(), "I2");
        Assert.True(result.TryGetProperty("tval", out _), "the plan says knha");
        Assert.Equal(["Chen 2021", "Li 2019", "Wang 2020"], analysis.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("label").GetString()));
        Assert.All(analysis.GetProperty("studies").EnumerateArray(), s => Assert.Equal("28 d", s.GetProperty("timePoint").GetString()));
        var sensitivity = analysis.GetProperty("sensitivity");
        Assert.Equal(["Chen 2021"], sensitivity.GetProperty("excluded").EnumerateArray().Select(s => s.GetString()));
        Close.Equal(WithoutHighRisk, sensitivity.GetProperty("result").GetProperty("estimate").GetDouble(), "without high-risk studies");
        // Wang has no assessment yet: one study, singular verb.
        Assert.Equal("1 study is not assessed yet and stays in.", sensitivity.GetProperty("note").GetString());
        var disease = analysis.GetProperty("subgroups").EnumerateArray().Single();
        Assert.Equal(["alzheimers", "parkinsons"], disease.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(["+ Li 2019", "+ Wang 2020", "+ Chen 2021"], analysis.GetProperty("cumulative").EnumerateArray().Select(s => "+ " + s.GetProperty("label").GetString()));

        // Version 2: a fourth study.
        await IncludeAndExtractAsync(kim, "Kim", 2022, "alzheimers", (35, 10, 15), (37, 9, 15));
        var v2 = await VersionAsync(2);
        Close.Equal(Estimate4, Single(v2).GetProperty("result").GetProperty("estimate").GetDouble(), "pooled SMD of 4 studies");
        Close.Equal(I2Of4, Single(v2).GetProperty("result").GetProperty("i2").GetDouble(), "I2 of 4 studies");
        // Wang and Kim are not assessed: plural.
        Assert.Equal("2 studies are not assessed yet and stay in.", Single(v2).GetProperty("sensitivity").GetProperty("note").GetString());
        var summary = Assert.Single(v2.GetProperty("summary").EnumerateArray()).GetString();
        Assert.Equal("mwmEscapeLatency: 1 study added (Kim 2022); SMD 1.43 → 1.10; I² 49% → 70%; without high-risk studies 1.13 → 0.79.", summary);

        // A redelivered event (same id) and a re-sent one (same revision, new id) change nothing.
        var duplicate = UpstreamEvents.Extraction(_projectId, kim, "Kim 2022", 2022, "alzheimers", (35, 10, 15), (37, 9, 15));
        await _events.Publish(duplicate);
        await _events.Publish(duplicate);
        await Task.Delay(3000); // debounce (1 s) + poll (0.5 s), twice over
        Assert.Equal(2, (await JsonAsync("alice", $"{Base}/versions")).GetArrayLength());

        // Version 3: Kim 2022 withdrawn.
        await _events.Publish(new ExtractionReopened { ProjectId = _projectId, StudyId = kim, Revision = 1, Reason = "Study excluded: retracted", Withdrawn = true });
        var v3 = await VersionAsync(3);
        Close.Equal(Estimate3, Single(v3).GetProperty("result").GetProperty("estimate").GetDouble(), "back to 3 studies");
        Assert.Contains("1 study removed (Kim 2022)", v3.GetProperty("summary")[0].GetString());
        Assert.Contains("ExtractionReopened", v3.GetProperty("cause").GetString());

        // Every version stays readable; any two compare.
        var again = await JsonAsync("erin", $"{Base}/analyses?version=1");
        Close.Equal(Estimate3, Single(again).GetProperty("result").GetProperty("estimate").GetDouble(), "version 1 read back");
        var diff = await JsonAsync("erin", $"{Base}/versions/1/diff/2");
        var change = Assert.Single(diff.GetProperty("analyses").EnumerateArray());
        Assert.Equal(["Kim 2022"], change.GetProperty("studiesAdded").EnumerateArray().Select(s => s.GetString()));
        Close.Equal(Estimate3, change.GetProperty("estimateBefore").GetDouble(), "diff before");
        Close.Equal(Estimate4, change.GetProperty("estimateAfter").GetDouble(), "diff after");
        var unchanged = await JsonAsync("erin", $"{Base}/versions/1/diff/3");
        Assert.Equal(0, unchanged.GetProperty("analyses").GetArrayLength());

        // SynthesisUpdated reached a consumer for each version.
        await Eventually.HoldsAsync(async () => (await UpdatesAsync()).Count == 3, "three SynthesisUpdated were consumed");
        Assert.Equal([1, 2, 3], (await UpdatesAsync()).Select(u => u.Version).Order());

        await PlotsShowTheStudiesAsync();
    }

    private async Task PlotsShowTheStudiesAsync()
    {
        var forest = XDocument.Parse(await TextAsync("erin", $"{Base}/analyses/mwmEscapeLatency/forest.svg?version=2"));
        var texts = forest.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value).ToList();
        foreach (var label in new[] { "Li 2019", "Wang 2020", "Chen 2021", "Kim 2022" }) Assert.Contains(label, texts);
        Assert.Contains(texts, t => t.Contains("Favours treatment"));
        Assert.Contains(forest.Descendants(), e => e.Name.LocalName == "polygon"); // the pooled diamond
        Assert.Contains(texts, t => t.Contains("1.10"));

        var bySubgroup = await TextAsync("erin", $"{Base}/analyses/mwmEscapeLatency/forest.svg?subgroup=disease");
        Assert.Contains("parkinsons", bySubgroup);
        Assert.Contains("Test for subgroup differences", bySubgroup);

        var funnel = XDocument.Parse(await TextAsync("erin", $"{Base}/analyses/mwmEscapeLatency/funnel.svg?version=2&trimfill=true"));
        Assert.True(funnel.Descendants().Count(e => e.Name.LocalName == "circle") >= 4, "one point per study");

        var cumulative = await TextAsync("erin", $"{Base}/analyses/mwmEscapeLatency/cumulative.svg?version=2");
        Assert.True(cumulative.IndexOf("+ Li 2019", StringComparison.Ordinal) < cumulative.IndexOf("+ Kim 2022", StringComparison.Ordinal), "publication year order");

        var missing = await _host.Client(TestTokens.Valid("erin")).GetAsync($"{Base}/analyses/noSuchOutcome/forest.svg");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Non_members_learn_nothing_and_observers_may_read()
    {
        await IncludeAndExtractAsync(Guid.NewGuid(), "Li", 2019, "alzheimers", (25, 8, 10), (40, 10, 10));
        await IncludeAndExtractAsync(Guid.NewGuid(), "Wang", 2020, "alzheimers", (30, 9, 12), (38, 11, 12));
        await VersionAsync(1);

        foreach (var path in new[] { "analyses", "versions", "versions/1/diff/1", "analyses/mwmEscapeLatency/forest.svg", "analyses/mwmEscapeLatency/funnel.svg", "analyses/mwmEscapeLatency/cumulative.svg", "prisma", "prisma.svg" })
        {
            var outsider = await _host.Client(TestTokens.Valid("mallory")).GetAsync($"{Base}/{path}");
            var observer = await _host.Client(TestTokens.Valid("erin")).GetAsync($"{Base}/{path}");
            Assert.True(outsider.StatusCode == HttpStatusCode.NotFound, $"{path} as a non-member: {(int)outsider.StatusCode}");
            Assert.True(observer.StatusCode == HttpStatusCode.OK, $"{path} as an observer: {(int)observer.StatusCode}");
        }

        var noVersion = await _host.Client(TestTokens.Valid("erin")).GetAsync($"{Base}/analyses?version=7");
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }

    private async Task IncludeAndExtractAsync(Guid studyId, string author, int year, string disease, (double, double, double) treatment, (double, double, double) control)
    {
        await _events.IncludeAsync(studyId, author, year);
        await _events.Publish(UpstreamEvents.Extraction(_projectId, studyId, $"{author} {year}", year, disease, treatment, control));
    }

    private static JsonElement Single(JsonElement version) => Assert.Single(version.GetProperty("analyses").EnumerateArray());

    private async Task<JsonElement> VersionAsync(int expected)
    {
        JsonElement latest = default;
        await Eventually.HoldsAsync(async () =>
        {
            latest = await JsonAsync("alice", $"{Base}/analyses");
            return latest.GetProperty("version").GetInt32() >= expected;
        }, $"synthesis version {expected} exists");
        Assert.Equal(expected, latest.GetProperty("version").GetInt32());
        return latest;
    }

    private async Task<IReadOnlyList<RecordedUpdate>> UpdatesAsync() =>
        (await _host.Services.GetRequiredService<ModuleStore<RecorderModule>>().ListAsync("updates", _projectId.ToString("N"))).Select(StoreJson.Read<RecordedUpdate>).ToList();

    private async Task<JsonElement> JsonAsync(string user, string path)
    {
        var response = await _host.Client(TestTokens.Valid(user)).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} as {user}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private async Task<string> TextAsync(string user, string path)
    {
        var response = await _host.Client(TestTokens.Valid(user)).GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} as {user}: {(int)response.StatusCode} {text}");
        return text;
    }
}
