using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using EvSysReview.Synthesis.Tests.MetaAnalyses;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>
/// Leave-one-out, Egger's regression test and trim-and-fill in the living analyses, on dat.bcg
/// (metafor's example dataset: 13 BCG trials, TB cases / vaccinated and control arms) fed in as
/// extraction events with the MSC-EV plan (REML, Knapp–Hartung). Expected values from metafor 3.8-1:
///   dat &lt;- escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg)
///   res &lt;- rma(yi, vi, data=dat, method="REML", test="knha")
///   leave1out(res); regtest(res); trimfill(res)
/// Rows are "higher is better" so the log risk ratios keep metafor's sign.
/// </summary>
[Collection(LivingCollection.Name)]
public sealed class SmallStudyAndInfluenceTests : IAsyncLifetime
{
    // dat.bcg: author's first name, year, tpos, tneg, cpos, cneg.
    private static readonly (string Author, int Year, int Tpos, int Tneg, int Cpos, int Cneg)[] Bcg =
    [
        ("Aronson", 1948, 4, 119, 11, 128), ("Ferguson", 1949, 6, 300, 29, 274), ("Rosenthal", 1960, 3, 228, 11, 209),
        ("Hart", 1977, 62, 13536, 248, 12619), ("Frimodt-Moller", 1973, 33, 5036, 47, 5761), ("Stein", 1953, 180, 1361, 372, 1079),
        ("Vandiviere", 1973, 8, 2537, 10, 619), ("TPT", 1980, 505, 87886, 499, 87892), ("Coetzee", 1968, 29, 7470, 45, 7232),
        ("Rosenthal", 1961, 17, 1699, 65, 1600), ("Comstock", 1974, 186, 50448, 141, 27197), ("Comstock", 1969, 5, 2493, 3, 2338),
        ("Comstock", 1976, 27, 16886, 29, 17825),
    ];

    // R: leave1out(res)$estimate, $se, $ci.lb, $ci.ub, $tau2, $I2, in dat.bcg's row order.
    private static readonly double[] LooEstimate = [-0.70708378803143690, -0.65403120039781426, -0.68555441797283179, -0.62840940786250521, -0.76417009498722199, -0.71087656485093531, -0.65524759979198433, -0.79476761094828696, -0.74119729931384781, -0.65303292576343086, -0.75785862520424874, -0.75981209733942146, -0.77753618077462405];
    private static readonly double[] LooSe = [0.19400273953668226, 0.18139194175705950, 0.18869535544403396, 0.18193720236516037, 0.19194615070686644, 0.19974667933311249, 0.18080133921185967, 0.18229510974792995, 0.19692106660857250, 0.18668916953603912, 0.19546829485665765, 0.17889764297796187, 0.18554066810571579];
    private static readonly double[] LooCiLower = [-1.1340809387687982, -1.0532721723653093, -1.1008700950833676, -1.0288504903368128, -1.1866407242297483, -1.1505160418406994, -1.0531886643219821, -1.1959964422607576, -1.1746176446287331, -1.0639330174620851, -1.1880814414521692, -1.1535631547092879, -1.1859084378687927];
    private static readonly double[] LooCiUpper = [-0.28008663729407562, -0.25479022843031929, -0.27023874086229588, -0.22796832538819767, -0.34169946574469556, -0.27123708786117129, -0.25730653526198649, -0.39353877963581635, -0.30777695399896243, -0.24213283406477654, -0.32763580895632827, -0.36606103996955502, -0.36916392368045542];
    private static readonly double[] LooTau2 = [0.33615674530030565, 0.29258308555412349, 0.32073805688721874, 0.26275835624150079, 0.32780325861839499, 0.35955418115219112, 0.29302586988829016, 0.27318303411621081, 0.34945200992289854, 0.29872460091303460, 0.34048826533464821, 0.30816220271827904, 0.30373332656113050];
    private static readonly double[] LooI2 = [93.225934911122309, 92.253955505486132, 92.935414402330380, 90.412470800287693, 92.763435734804474, 90.911810088948030, 92.277717724493613, 87.031367066562026, 93.213262037789363, 92.232233251075129, 91.810951423300708, 92.678205698932786, 92.344399619602484];

    // R: regtest(res): zval (a t statistic under knha), pval, dfs, est (limit estimate), ci.lb, ci.ub.
    private const double EggerT = -0.78115410372015626, EggerP = 0.45119669681173347, EggerLimit = -0.51043188378949966, EggerLimitLower = -1.2123410356954059, EggerLimitUpper = 0.19147726811640653;

    // R: trimfill(res): k0, se.k0, side, beta, se, ci.lb, ci.ub, tau2 (refitted with test="z", as trimfill does), and the filled yi, vi.
    private const double FillSeK0 = 2.4527986431829252, FillEstimate = -0.65708280076036463, FillSe = 0.17852846695558042, FillCiLower = -1.0069921662084513, FillCiUpper = -0.30717343531227792, FillTau2 = 0.33128803733657952;
    private const double FilledYi = 0.31040302401442244, FilledVi = 0.22301724757231517;

    private readonly Guid _projectId = Guid.NewGuid();
    private RunningHost _host = null!;
    private UpstreamEvents _events = null!;

    public async Task InitializeAsync()
    {
        _host = await SynthesisHost.StartAsync(debounceMs: 1000);
        _events = new UpstreamEvents(_host.Services.GetRequiredService<IBus>(), _projectId);
        await _events.TeamAsync(("alice", "lead"));
        await _events.ProtocolAsync();
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Leave_one_out_Egger_and_trim_and_fill_agree_with_metafor_and_the_funnel_shows_the_filled_study()
    {
        var labels = new List<string>();
        foreach (var (author, year, tpos, tneg, cpos, cneg) in Bcg)
        {
            var studyId = Guid.NewGuid();
            await _events.IncludeAsync(studyId, author, year);
            await _events.Publish(UpstreamEvents.Trial(_projectId, studyId, $"{author} {year}", year, (tpos, tpos + tneg), (cpos, cpos + cneg)));
            labels.Add($"{author} {year}");
        }

        var analysis = await AnalysisWithAsync(13);
        Assert.Equal(("dichotomous", "RR"), (analysis.GetProperty("dataType").GetString(), analysis.GetProperty("measure").GetString()));

        var rows = analysis.GetProperty("leaveOneOut").EnumerateArray().ToDictionary(r => r.GetProperty("omitted").GetString()!);
        Assert.Equal(labels.Order(StringComparer.Ordinal), rows.Keys.Order(StringComparer.Ordinal));
        for (var i = 0; i < labels.Count; i++)
        {
            var row = rows[labels[i]];
            var what = $"leave1out(res) without {labels[i]}";
            Assert.Equal(12, row.GetProperty("k").GetInt32());
            Close.Equal(LooEstimate[i], row.GetProperty("estimate").GetDouble(), $"{what}: estimate");
            Close.Equal(LooSe[i], row.GetProperty("se").GetDouble(), $"{what}: se");
            Close.Equal(LooCiLower[i], row.GetProperty("ciLower").GetDouble(), $"{what}: ci.lb");
            Close.Equal(LooCiUpper[i], row.GetProperty("ciUpper").GetDouble(), $"{what}: ci.ub");
            Close.Equal(LooTau2[i], row.GetProperty("tau2").GetDouble(), $"{what}: tau2");
            Close.Equal(LooI2[i], row.GetProperty("i2").GetDouble(), $"{what}: I2");
        }

        var egger = analysis.GetProperty("egger");
        Assert.Equal(("rma", "sei", "tval", 11), (egger.GetProperty("model").GetString(), egger.GetProperty("predictor").GetString(), egger.GetProperty("statisticName").GetString(), egger.GetProperty("df").GetInt32()));
        Close.Equal(EggerT, egger.GetProperty("statistic").GetDouble(), "regtest(res): t");
        Close.Equal(EggerP, egger.GetProperty("pval").GetDouble(), "regtest(res): p");
        Close.Equal(EggerLimit, egger.GetProperty("limitEstimate").GetDouble(), "regtest(res): limit estimate");
        Close.Equal(EggerLimitLower, egger.GetProperty("limitCiLower").GetDouble(), "regtest(res): limit ci.lb");
        Close.Equal(EggerLimitUpper, egger.GetProperty("limitCiUpper").GetDouble(), "regtest(res): limit ci.ub");

        var fill = analysis.GetProperty("trimFill");
        Assert.Equal((1, "right", "z", 14), (fill.GetProperty("k0").GetInt32(), fill.GetProperty("side").GetString(), fill.GetProperty("test").GetString(), fill.GetProperty("k").GetInt32()));
        Close.Equal(FillSeK0, fill.GetProperty("seK0").GetDouble(), "trimfill(res): se.k0");
        Close.Equal(FillEstimate, fill.GetProperty("estimate").GetDouble(), "trimfill(res): estimate");
        Close.Equal(FillSe, fill.GetProperty("se").GetDouble(), "trimfill(res): se");
        Close.Equal(FillCiLower, fill.GetProperty("ciLower").GetDouble(), "trimfill(res): ci.lb");
        Close.Equal(FillCiUpper, fill.GetProperty("ciUpper").GetDouble(), "trimfill(res): ci.ub");
        Close.Equal(FillTau2, fill.GetProperty("tau2").GetDouble(), "trimfill(res): tau2");
        var filled = Assert.Single(fill.GetProperty("filled").EnumerateArray());
        Close.Equal(FilledYi, filled.GetProperty("yi").GetDouble(), "trimfill(res): filled yi");
        Close.Equal(FilledVi, filled.GetProperty("vi").GetDouble(), "trimfill(res): filled vi");

        // The funnel draws the 13 studies filled and, when asked, the one filled study hollow.
        var plain = await FunnelAsync(false);
        var withFill = await FunnelAsync(true);
        Assert.Equal((13, 0), Points(plain));
        Assert.Equal((13, 1), Points(withFill));
        Assert.Contains(withFill.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value), t => t.Contains("trim-and-fill: 1 filled"));
        Assert.Contains(withFill.Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value), t => t == "filled (1)");
    }

    [Fact]
    public async Task Below_the_protocols_minimum_the_small_study_tests_are_left_out_with_a_note_and_leave_one_out_stays()
    {
        foreach (var (author, year, tpos, tneg, cpos, cneg) in Bcg.Take(4))
        {
            var studyId = Guid.NewGuid();
            await _events.IncludeAsync(studyId, author, year);
            await _events.Publish(UpstreamEvents.Trial(_projectId, studyId, $"{author} {year}", year, (tpos, tpos + tneg), (cpos, cpos + cneg)));
        }

        var analysis = await AnalysisWithAsync(4);

        Assert.Equal(JsonValueKind.Null, Kind(analysis, "egger"));
        Assert.Equal(JsonValueKind.Null, Kind(analysis, "trimFill"));
        Assert.Contains(analysis.GetProperty("notes").EnumerateArray(), n => n.GetString() == "Egger's test and trim-and-fill are run from 10 studies (the protocol's smallStudyTestsFromK); this analysis has 4.");
        Assert.Equal(4, analysis.GetProperty("leaveOneOut").GetArrayLength());
    }

    private static JsonValueKind Kind(JsonElement analysis, string name) =>
        analysis.TryGetProperty(name, out var value) ? value.ValueKind : JsonValueKind.Null;

    /// <summary>Solid points (observed studies) and hollow red ones (filled by trim-and-fill), legend left out.</summary>
    private static (int Observed, int Filled) Points(XDocument svg)
    {
        var points = svg.Descendants().Where(e => e.Name.LocalName == "circle" && (string?)e.Attribute("cy") != "30").ToList();
        var hollow = points.Count(c => (string?)c.Attribute("fill") == "#fff");
        return (points.Count - hollow, hollow);
    }

    private async Task<XDocument> FunnelAsync(bool trimfill)
    {
        var response = await _host.Client(TestTokens.Valid("alice")).GetAsync($"/api/synthesis/projects/{_projectId}/analyses/tbCases/funnel.svg{(trimfill ? "?trimfill=true" : "")}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return XDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> AnalysisWithAsync(int k)
    {
        var seen = "nothing yet";
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var response = await _host.Client(TestTokens.Valid("alice")).GetAsync($"/api/synthesis/projects/{_projectId}/analyses");
            var text = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                var current = JsonDocument.Parse(text).RootElement;
                var analyses = current.GetProperty("analyses");
                seen = $"version {current.GetProperty("version").GetInt32()}, {analyses.GetArrayLength()} analyses" + (analyses.GetArrayLength() == 1
                    ? $", k = {(analyses[0].TryGetProperty("result", out var r) && r.ValueKind == JsonValueKind.Object ? r.GetProperty("k").GetInt32() : -1)}, error {(analyses[0].TryGetProperty("error", out var e) ? e.ToString() : "none")}"
                    : "");
                if (analyses.GetArrayLength() == 1 && analyses[0].GetProperty("result") is { ValueKind: JsonValueKind.Object } result && result.GetProperty("k").GetInt32() == k)
                    return analyses[0].Clone();
            }
            else
            {
                seen = $"{(int)response.StatusCode} {text}";
            }

            await Task.Delay(250);
        }

        Assert.Fail($"No analysis of {k} trials within 120 s; last seen: {seen}.");
        return default;
    }
}
