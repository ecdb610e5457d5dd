using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Synthesis.Engine.Tests.Expected;
using EvSysReview.TestSupport;

namespace EvSysReview.Synthesis.Tests.MetaAnalyses;

/// <summary>
/// POST /api/synthesis/meta-analyses through the real HTTP pipeline, held to metafor 3.8-1. The
/// expected values are the engine's generated reference (tests/Synthesis.Engine.Tests/Expected,
/// written by reference/metafor-reference.R); each case's R call is in its RCall, e.g.
/// res &lt;- rma(yi, vi, data=escalc(measure="SMD", m1i=m1i, sd1i=sd1i, n1i=n1i, m2i=m2i, sd2i=sd2i,
/// n2i=n2i, data=dat.normand1999), method="REML", test="knha", control=list(tol=1e-12));
/// predict(res); weights(res); confint(res, control=list(tol=1e-12)).
/// The service computes the effect sizes itself from the raw arms (normand: means/SDs, bcg: 2×2 tables).
/// </summary>
public sealed class MetaAnalysisApiTests(SynthesisHostFixture fixture) : IClassFixture<SynthesisHostFixture>
{
    private HttpClient Client => fixture.Host.Client(TestTokens.Valid("alice"));

    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var fit in MetaforExpected.Fits) data.Add(fit.Dataset, fit.Method, fit.KnappHartung);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Pooled_fit_matches_rma(string dataset, string method, bool knha)
    {
        var expected = MetaforExpected.Fits.Single(f => f.Dataset == dataset && f.Method == method && f.KnappHartung == knha);
        var (measure, studies) = Request(dataset);

        var response = await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new { measure, method, test = knha ? "knha" : "z", level = 95, studies });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var r = await response.Content.ReadFromJsonAsync<JsonElement>();
        var call = expected.RCall;
        Assert.Equal(studies.Length, r.GetProperty("k").GetInt32());
        Close.Equal(expected.Estimate, r.GetProperty("estimate").GetDouble(), $"estimate of {call}");
        Close.Equal(expected.Se, r.GetProperty("se").GetDouble(), $"se of {call}");
        Close.Equal(expected.Statistic, r.GetProperty(knha ? "tval" : "zval").GetDouble(), $"statistic of {call}");
        Assert.False(r.TryGetProperty(knha ? "zval" : "tval", out _), "only the statistic of the test asked for");
        Close.Equal(expected.PVal, r.GetProperty("pval").GetDouble(), $"pval of {call}");
        Close.Equal(expected.CiLower, r.GetProperty("ciLower").GetDouble(), $"ci.lb of {call}");
        Close.Equal(expected.CiUpper, r.GetProperty("ciUpper").GetDouble(), $"ci.ub of {call}");
        Close.Equal(expected.Tau2, r.GetProperty("tau2").GetDouble(), $"tau2 of {call}");
        Close.Equal(Math.Sqrt(expected.Tau2), r.GetProperty("tau").GetDouble(), $"tau of {call}");
        if (method == "FE")
        {
            Assert.Equal(JsonValueKind.Null, r.GetProperty("tau2CiLower").ValueKind);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("tau2CiUpper").ValueKind);
        }
        else
        {
            Close.Equal(expected.Tau2CiLower, r.GetProperty("tau2CiLower").GetDouble(), $"confint tau2 lower of {call}");
            Close.Equal(expected.Tau2CiUpper, r.GetProperty("tau2CiUpper").GetDouble(), $"confint tau2 upper of {call}");
        }

        Close.Equal(expected.I2, r.GetProperty("i2").GetDouble(), $"I2 of {call}");
        Close.Equal(expected.H2, r.GetProperty("h2").GetDouble(), $"H2 of {call}");
        Close.Equal(expected.Q, r.GetProperty("q").GetDouble(), $"QE of {call}");
        Close.Equal(expected.QP, r.GetProperty("qp").GetDouble(), $"QEp of {call}");
        Close.Equal(expected.PiLower, r.GetProperty("piLower").GetDouble(), $"pi.lb of {call}");
        Close.Equal(expected.PiUpper, r.GetProperty("piUpper").GetDouble(), $"pi.ub of {call}");
        var weights = r.GetProperty("studies").EnumerateArray().ToList();
        Assert.Equal(studies.Length, weights.Count);
        for (var i = 0; i < weights.Count; i++)
        {
            Close.Equal(expected.Weights[i], weights[i].GetProperty("weight").GetDouble(), $"weights(res)[{i + 1}] of {call}");
            Assert.True(weights[i].TryGetProperty("label", out _) && weights[i].TryGetProperty("yi", out _) && weights[i].TryGetProperty("vi", out _));
        }
    }

    // The effect sizes the service computed from raw arms, against escalc():
    // escalc(measure="SMD", m1i=m1i, sd1i=sd1i, n1i=n1i, m2i=m2i, sd2i=sd2i, n2i=n2i, data=dat.normand1999)
    // and escalc(measure="RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg).
    [Theory]
    [InlineData("normand-SMD")]
    [InlineData("bcg-RR")]
    public async Task Effect_sizes_from_raw_arms_match_escalc(string dataset)
    {
        var expected = MetaforExpected.EffectSizes.Single(e => e.Name == dataset);
        var (measure, studies) = Request(dataset);

        var r = await PostOkAsync(new { measure, method = "REML", studies });

        var rows = r.GetProperty("studies").EnumerateArray().ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            Close.Equal(expected.Yi[i], rows[i].GetProperty("yi").GetDouble(), $"yi[{i + 1}] of {expected.RCall}", 1e-12);
            Close.Equal(expected.Vi[i], rows[i].GetProperty("vi").GetDouble(), $"vi[{i + 1}] of {expected.RCall}", 1e-12);
        }
    }

    public static TheoryData<string, string, bool> RegressionCases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var fit in MetaforExpected.Regressions) data.Add(fit.Name, fit.Method, fit.KnappHartung);
        return data;
    }

    // e.g. rma(yi, vi, mods=~ ablat + year + factor(alloc), data=escalc(measure="RR", ai=tpos, bi=tneg,
    // ci=cpos, di=cneg, data=dat.bcg), method="REML", test="knha", control=list(tol=1e-12)).
    [Theory]
    [MemberData(nameof(RegressionCases))]
    public async Task Moderators_give_the_meta_regression_of_rma_with_mods(string name, string method, bool knha)
    {
        var expected = MetaforExpected.Regressions.Single(f => f.Name == name && f.Method == method && f.KnappHartung == knha);
        var (measure, studies) = Request("bcg-RR");
        var moderators = new Dictionary<string, object>();
        if (name.Contains("ablat")) moderators["ablat"] = MetaforDatasets.BcgAblat;
        if (name.Contains("year")) moderators["year"] = MetaforDatasets.BcgYear;
        if (name.Contains("alloc")) moderators["factor(alloc)"] = MetaforDatasets.BcgAlloc;

        var r = await PostOkAsync(new { measure, method, test = knha ? "knha" : "z", studies, moderators });

        var moderation = r.GetProperty("moderation");
        var coefficients = moderation.GetProperty("coefficients").EnumerateArray().ToList();
        Assert.Equal(expected.Coefficients, coefficients.Select(c => c.GetProperty("name").GetString()));
        for (var a = 0; a < coefficients.Count; a++)
        {
            Close.Equal(expected.Beta[a], coefficients[a].GetProperty("estimate").GetDouble(), $"b[{a}] of {expected.RCall}");
            Close.Equal(expected.Se[a], coefficients[a].GetProperty("se").GetDouble(), $"se[{a}] of {expected.RCall}");
            Close.Equal(expected.Statistic[a], coefficients[a].GetProperty(knha ? "tval" : "zval").GetDouble(), $"stat[{a}] of {expected.RCall}");
            Close.Equal(expected.PVal[a], coefficients[a].GetProperty("pval").GetDouble(), $"pval[{a}] of {expected.RCall}");
        }

        Close.Equal(expected.QM, moderation.GetProperty("qm").GetDouble(), $"QM of {expected.RCall}");
        Close.Equal(expected.QMp, moderation.GetProperty("qmp").GetDouble(), $"QMp of {expected.RCall}");
        Close.Equal(expected.QE, moderation.GetProperty("qe").GetDouble(), $"QE of {expected.RCall}");
        Close.Equal(expected.Tau2, moderation.GetProperty("tau2").GetDouble(), $"tau2 of {expected.RCall}");
        Close.Equal(expected.R2, moderation.GetProperty("r2").GetDouble(), $"R2 of {expected.RCall}");
    }

    [Fact]
    public async Task A_negative_variance_is_refused_naming_the_study_and_the_field()
    {
        var response = await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "GEN",
            method = "REML",
            studies = new object[] { new { label = "Smith 2020", yi = 0.4, vi = 0.04 }, new { label = "Jones 2021", yi = 0.1, vi = -0.02 } },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("studies[1].vi", problem.GetProperty("field").GetString());
        Assert.Contains("Jones 2021", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Missing_fields_are_all_named_with_their_study()
    {
        var response = await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "SMD",
            studies = new object[]
            {
                new { label = "Chen 2019", m1i = 12.0, sd1i = 3.0, n1i = 10, m2i = 15.0, n2i = 10 },
                new { label = "Park 2020", m1i = 11.0, sd1i = 2.5, n1i = 8, m2i = 16.0, sd2i = 3.1 },
            },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Contains("Chen 2019", errors.GetProperty("studies[0].sd2i")[0].GetString());
        Assert.Contains("Park 2020", errors.GetProperty("studies[1].n2i")[0].GetString());
    }

    // As many studies as coefficients under FE: the fit is exact and the residual df is 0, so the
    // adjusted R² divides by 0. metafor 3.8-1 reports R² as NA and everything else:
    //   res <- rma(yi=c(0.1,0.5), vi=c(0.01,0.02), mods=~dose, method="FE")  # dose <- c(1,2)
    //   coef(res); res$se; res$QM; res$QMp; res$QE; res$QEp; res$R2  # NaN
    [Fact]
    public async Task Fixed_effect_regression_with_as_many_studies_as_coefficients_reports_no_r2()
    {
        var r = await PostOkAsync(new
        {
            method = "FE",
            studies = new object[] { new { label = "a", yi = 0.1, vi = 0.01 }, new { label = "b", yi = 0.5, vi = 0.02 } },
            moderators = new Dictionary<string, object> { ["dose"] = new[] { 1, 2 } },
        });

        var moderation = r.GetProperty("moderation");
        var coefficients = moderation.GetProperty("coefficients").EnumerateArray().ToList();
        Assert.Equal(JsonValueKind.Null, moderation.GetProperty("r2").ValueKind);
        Close.Equal(-0.29999999999999982, coefficients[0].GetProperty("estimate").GetDouble(), "rma b[1]");
        Close.Equal(0.40000000000000019, coefficients[1].GetProperty("estimate").GetDouble(), "rma b[2]");
        Close.Equal(0.17320508075688776, coefficients[1].GetProperty("se").GetDouble(), "rma se[2]");
        Close.Equal(5.3333333333333366, moderation.GetProperty("qm").GetDouble(), "rma QM");
        Close.Equal(0.020921335337793986, moderation.GetProperty("qmp").GetDouble(), "rma QMp");
        Assert.Equal((0, 0.0, 1.0), (moderation.GetProperty("qeDf").GetInt32(), moderation.GetProperty("qe").GetDouble(), moderation.GetProperty("qep").GetDouble()));
    }

    // Finite but huge effects: Q = Σ wᵢ(yᵢ − μ)² overflows to Infinity and I² to NaN. Valid data
    // leaving a statistic undefined is the engine's Undefined failure: 422, not a 500 from JSON.
    [Fact]
    public async Task Effects_so_large_that_q_overflows_are_refused_as_undefined()
    {
        var response = await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "GEN",
            method = "FE",
            studies = new object[] { new { label = "a", yi = 1e150, vi = 1e-10 }, new { label = "b", yi = -1e150, vi = 1e-10 } },
        });

        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        Assert.Contains("not a finite number", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task One_study_is_too_few_for_a_random_effects_model_but_fine_for_a_fixed_effect()
    {
        var one = new object[] { new { label = "Solo 2022", yi = 0.3, vi = 0.05 } };

        var refused = await ProblemAsync(await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new { method = "REML", studies = one }), HttpStatusCode.BadRequest);
        var fixedEffect = await PostOkAsync(new { method = "FE", studies = one });

        Assert.Equal("studies", refused.GetProperty("field").GetString());
        Assert.Equal(0.3, fixedEffect.GetProperty("estimate").GetDouble(), 12);
    }

    [Fact]
    public async Task Impossible_counts_and_unknown_names_are_refused()
    {
        var counts = await ProblemAsync(await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "RR",
            studies = new object[] { new { label = "A", ai = 3, bi = 10, ci = 4, di = 9 }, new { label = "B", ai = -1, bi = 10, ci = 4, di = 9 } },
        }), HttpStatusCode.BadRequest);
        var names = await ProblemAsync(await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "SMD",
            method = "BAYES",
            test = "t",
            studies = new object[] { new { label = "A", yi = 1, vi = 1 }, new { label = "B", yi = 1, vi = 1 } },
        }), HttpStatusCode.BadRequest);

        Assert.Equal("studies[1].ai", counts.GetProperty("field").GetString());
        Assert.True(names.GetProperty("errors").TryGetProperty("method", out _));
        Assert.True(names.GetProperty("errors").TryGetProperty("test", out _));
    }

    // The request gives non-events (bi, di); arm sizes are derived from them, so a negative count
    // must be reported against the field sent, not against n1i/n2i or as "events exceed the arm".
    [Theory]
    [InlineData(0, -1, 4, 9, "studies[1].bi")]
    [InlineData(3, 10, 4, -2, "studies[1].di")]
    [InlineData(0, 0, 4, 9, "studies[1].bi")] // an empty treatment arm, not n1i = 0
    public async Task A_negative_non_event_count_is_refused_naming_that_count(int ai, int bi, int ci, int di, string field)
    {
        var problem = await ProblemAsync(await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", new
        {
            measure = "OR",
            studies = new object[] { new { label = "A", ai = 3, bi = 10, ci = 4, di = 9 }, new { label = "B", ai, bi, ci, di } },
        }), HttpStatusCode.BadRequest);

        Assert.Equal(field, problem.GetProperty("field").GetString());
        Assert.Contains("Study 'B'", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Any_signed_in_user_may_call_it_but_not_an_anonymous_one()
    {
        var body = new { studies = new object[] { new { label = "A", yi = 0.2, vi = 0.1 }, new { label = "B", yi = 0.5, vi = 0.2 } } };

        var anonymous = await fixture.Host.Client().PostAsJsonAsync("/api/synthesis/meta-analyses", body);
        var someone = await fixture.Host.Client(TestTokens.Valid("not-in-any-project")).PostAsJsonAsync("/api/synthesis/meta-analyses", body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, someone.StatusCode);
    }

    private async Task<JsonElement> PostOkAsync(object body)
    {
        var response = await Client.PostAsJsonAsync("/api/synthesis/meta-analyses", body);
        if (response.StatusCode != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.StartsWith("application/problem+json", response.Content.Headers.ContentType?.ToString());
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>metafor's example data as request studies: raw arms for normand and bcg, yi/vi for the rest.</summary>
    private static (string Measure, object[] Studies) Request(string dataset) => dataset switch
    {
        "normand-SMD" => ("SMD", MetaforDatasets.NormandSource.Select((label, i) => (object)new
        {
            label,
            m1i = MetaforDatasets.NormandM1[i], sd1i = MetaforDatasets.NormandSd1[i], n1i = MetaforDatasets.NormandN1[i],
            m2i = MetaforDatasets.NormandM2[i], sd2i = MetaforDatasets.NormandSd2[i], n2i = MetaforDatasets.NormandN2[i],
        }).ToArray()),
        "bcg-RR" => ("RR", MetaforDatasets.BcgAuthor.Select((label, i) => (object)new
        {
            label, ai = MetaforDatasets.BcgTpos[i], bi = MetaforDatasets.BcgTneg[i], ci = MetaforDatasets.BcgCpos[i], di = MetaforDatasets.BcgCneg[i],
        }).ToArray()),
        "hackshaw" => ("GEN", MetaforDatasets.HackshawAuthor.Select((label, i) => (object)new { label, yi = MetaforDatasets.HackshawYi[i], vi = MetaforDatasets.HackshawVi[i] }).ToArray()),
        "raudenbush" => ("GEN", MetaforDatasets.RaudenbushAuthor.Select((label, i) => (object)new { label, yi = MetaforDatasets.RaudenbushYi[i], vi = MetaforDatasets.RaudenbushVi[i] }).ToArray()),
        _ => throw new ArgumentOutOfRangeException(nameof(dataset)),
    };
}
