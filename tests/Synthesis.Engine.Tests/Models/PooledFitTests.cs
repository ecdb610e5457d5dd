using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Models;

public sealed class PooledFitTests
{
    public static TheoryData<string, string, bool> Cases() => CasesOf(MetaforExpected.Fits);

    public static TheoryData<string, string, bool> DefaultCases() => CasesOf(MetaforExpected.FitsAtMetaforDefaults);

    // Every dataset × estimator × test; the R call of each case is beside its numbers in
    // Expected/MetaforExpected.cs, e.g. rma(yi, vi, data=dat.hackshaw1998, method="SJ", test="knha",
    // control=list(tol=1e-12)); predict(res); weights(res); confint(res, control=list(tol=1e-12)).
    // 1e-6 relative on everything: ML/REML/EB follow metafor's Fisher scoring step for step with
    // its threshold (1e-5), and R's root searches were tightened to tol=1e-12.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_rma(string dataset, string method, bool knha)
    {
        var expected = MetaforExpected.Fits.Single(f => f.Dataset == dataset && f.Method == method && f.KnappHartung == knha);
        _ = AssertMatches(expected, Close.Tight);
    }

    // At metafor's defaults uniroot() (PM, Q-profile) stops within tol = .Machine$double.eps^0.25
    // ≈ 1.22e-4 of the root, absolute in τ². So τ² and its interval are held to that absolute
    // bound and everything derived from τ² to 5e-3 relative (hackshaw PM: metafor's τ² is 2.2e-5 off
    // the root, which moves the tiny p-value by 2.4e-3 relative and pi.lb, near 0, by 1.6e-4
    // absolute): looser because metafor is.
    [Theory]
    [MemberData(nameof(DefaultCases))]
    public void Matches_rma_at_metafor_default_tolerances(string dataset, string method, bool knha)
    {
        const double unirootTolerance = 1.220703125e-4;
        var expected = MetaforExpected.FitsAtMetaforDefaults.Single(f => f.Dataset == dataset && f.Method == method && f.KnappHartung == knha);
        var actual = AssertMatches(expected, 5e-3, compareTau2: false, absolute: 5e-4);

        Assert.InRange(actual.Tau2, expected.Tau2 - unirootTolerance, expected.Tau2 + unirootTolerance);
        Assert.InRange(actual.Tau2CiLower!.Value, expected.Tau2CiLower - unirootTolerance, expected.Tau2CiLower + unirootTolerance);
        Assert.InRange(actual.Tau2CiUpper!.Value, expected.Tau2CiUpper - unirootTolerance, expected.Tau2CiUpper + unirootTolerance);
    }

    [Fact]
    public void Tau2_interval_is_skipped_on_request_and_absent_for_fixed_effect()
    {
        var skipped = MetaAnalysis.Fit(Datasets.Hackshaw(), new MetaAnalysisOptions { Tau2Interval = false });
        var fixedEffect = MetaAnalysis.Fit(Datasets.Hackshaw(), new MetaAnalysisOptions { Method = Tau2Method.FE });

        Assert.Null(skipped.Tau2CiUpper);
        Assert.True(skipped.Tau2 > 0);
        Assert.Null(fixedEffect.Tau2CiLower);
        Assert.Equal(fixedEffect.CiLower, fixedEffect.PiLower); // τ² = 0: the PI is the CI
    }

    private static MetaAnalysisResult AssertMatches(ExpectedFit expected, double tolerance, bool compareTau2 = true, double absolute = 1e-10)
    {
        var options = new MetaAnalysisOptions { Method = Enum.Parse<Tau2Method>(expected.Method), KnappHartung = expected.KnappHartung };
        var actual = MetaAnalysis.Fit(Datasets.ByName(expected.Dataset), options);
        var call = expected.RCall;

        Close.Equal(expected.Estimate, actual.Estimate, tolerance, $"{call} estimate", absolute);
        Close.Equal(expected.Se, actual.Se, tolerance, $"{call} se", absolute);
        Close.Equal(expected.Statistic, expected.KnappHartung ? actual.TVal : actual.ZVal, tolerance, $"{call} z/t", absolute);
        Assert.Equal(expected.KnappHartung, actual.ZVal is null);
        Close.Equal(expected.PVal, actual.PVal, tolerance, $"{call} pval", absolute);
        Close.Equal(expected.CiLower, actual.CiLower, tolerance, $"{call} ci.lb", absolute);
        Close.Equal(expected.CiUpper, actual.CiUpper, tolerance, $"{call} ci.ub", absolute);
        if (compareTau2)
        {
            Close.Equal(expected.Tau2, actual.Tau2, tolerance, $"{call} tau2", absolute);
            Close.Equal(Math.Sqrt(expected.Tau2), actual.Tau, tolerance, $"{call} tau", absolute);
            Close.Equal(expected.Tau2CiLower, actual.Tau2CiLower, tolerance, $"{call} tau2 ci.lb", absolute);
            Close.Equal(expected.Tau2CiUpper, actual.Tau2CiUpper, tolerance, $"{call} tau2 ci.ub", absolute);
        }

        Close.Equal(expected.I2, actual.I2, tolerance, $"{call} I2", absolute);
        Close.Equal(expected.H2, actual.H2, tolerance, $"{call} H2", absolute);
        Close.Equal(expected.Q, actual.Q, tolerance, $"{call} QE", absolute);
        Close.Equal(expected.QP, actual.QP, tolerance, $"{call} QEp", absolute);
        Close.Equal(expected.PiLower, actual.PiLower, tolerance, $"{call} pi.lb", absolute);
        Close.Equal(expected.PiUpper, actual.PiUpper, tolerance, $"{call} pi.ub", absolute);
        Close.Equal(expected.Weights, actual.Studies.Select(s => s.Weight).ToList(), tolerance, $"{call} weights", absolute);
        return actual;
    }

    private static TheoryData<string, string, bool> CasesOf(IEnumerable<ExpectedFit> fits)
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var f in fits) data.Add(f.Dataset, f.Method, f.KnappHartung);
        return data;
    }
}
