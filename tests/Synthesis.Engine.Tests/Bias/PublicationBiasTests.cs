using EvSysReview.Synthesis.Engine.Bias;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Bias;

public sealed class PublicationBiasTests
{
    public static TheoryData<string> RegtestCases() => new(MetaforExpected.Regtests.Select(r => r.Name));

    public static TheoryData<string> TrimFillCases() => new(MetaforExpected.TrimFills.Select(r => r.Name));

    // R calls beside each case in Expected/MetaforExpected.cs, e.g. regtest(rma(yi, vi, data=dat.hackshaw1998, method="FE"), model="lm").
    [Theory]
    [MemberData(nameof(RegtestCases))]
    public void Egger_matches_regtest(string name)
    {
        var expected = MetaforExpected.Regtests.Single(r => r.Name == name);
        var parts = name.Split('-');
        var options = new MetaAnalysisOptions { Method = Enum.Parse<Tau2Method>(parts[1]), KnappHartung = parts[2] == "knha" };
        var model = parts[2] == "lm" ? EggerModel.WeightedLeastSquares : EggerModel.MixedEffects;

        var actual = EggerTest.Run(DatasetOf(parts[0]), options, model);

        var call = expected.RCall;
        Close.Equal(expected.Statistic, actual.Statistic, Close.Tight, $"{call} z/t");
        Close.Equal(expected.PVal, actual.PVal, Close.Tight, $"{call} pval");
        Close.Equal(expected.Df, actual.Df, Close.Tight, $"{call} df");
        Close.Equal(expected.LimitEstimate, actual.LimitEstimate, Close.Tight, $"{call} limit estimate");
        Close.Equal(expected.LimitCiLower, actual.LimitCiLower, Close.Tight, $"{call} limit ci.lb");
        Close.Equal(expected.LimitCiUpper, actual.LimitCiUpper, Close.Tight, $"{call} limit ci.ub");
    }

    [Theory]
    [MemberData(nameof(TrimFillCases))]
    public void Trim_and_fill_matches_trimfill(string name)
    {
        var expected = MetaforExpected.TrimFills.Single(r => r.Name == name);
        var parts = name.Split('-');
        var options = new MetaAnalysisOptions { Method = Enum.Parse<Tau2Method>(parts[^1]) };
        var studies = parts[0] == "normand" ? Datasets.ByName("normand-SMD") : DatasetOf(parts[0]);

        var actual = TrimAndFill.Run(studies, options);

        var call = expected.RCall;
        Assert.Equal(expected.K0, actual.K0);
        Assert.Equal(expected.Side, actual.Side.ToString().ToLowerInvariant());
        Close.Equal(expected.SeK0, actual.SeK0, Close.Tight, $"{call} se.k0");
        Close.Equal(expected.Estimate, actual.Adjusted.Estimate, Close.Tight, $"{call} estimate");
        Close.Equal(expected.Se, actual.Adjusted.Se, Close.Tight, $"{call} se");
        Close.Equal(expected.CiLower, actual.Adjusted.CiLower, Close.Tight, $"{call} ci.lb");
        Close.Equal(expected.CiUpper, actual.Adjusted.CiUpper, Close.Tight, $"{call} ci.ub");
        Close.Equal(expected.Tau2, actual.Adjusted.Tau2, Close.Tight, $"{call} tau2");
        Close.Equal(expected.FilledYi, actual.Filled.Select(f => f.Yi).ToList(), Close.Tight, $"{call} filled yi");
        Close.Equal(expected.FilledVi, actual.Filled.Select(f => f.Vi).ToList(), Close.Tight, $"{call} filled vi");
        Assert.Equal(studies.Count + expected.K0, actual.Adjusted.K);
    }

    [Fact]
    public void Trim_and_fill_of_a_knapp_hartung_model_refits_with_a_z_test_as_trimfill_does()
    {
        // R: trimfill(rma(yi, vi, data=escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg), method="REML", test="knha"))
        //    k0 1 (right), se.k0 2.4527986431829252, estimate -0.65708280076036463, se 0.17852846695558042,
        //    ci -1.0069921662084513 .. -0.30717343531227792, tau2 0.33128803733657952; $test is "z"
        var actual = TrimAndFill.Run(Datasets.BcgLogRiskRatios(), new MetaAnalysisOptions { Method = Tau2Method.REML, KnappHartung = true });

        Assert.Equal((1, FunnelSide.Right, false), (actual.K0, actual.Side, actual.Adjusted.KnappHartung));
        Close.Equal(2.4527986431829252, actual.SeK0, Close.Tight, "se.k0");
        Close.Equal(-0.65708280076036463, actual.Adjusted.Estimate, Close.Tight, "estimate");
        Close.Equal(0.17852846695558042, actual.Adjusted.Se, Close.Tight, "se");
        Close.Equal(-1.0069921662084513, actual.Adjusted.CiLower, Close.Tight, "ci.lb");
        Close.Equal(-0.30717343531227792, actual.Adjusted.CiUpper, Close.Tight, "ci.ub");
        Close.Equal(0.33128803733657952, actual.Adjusted.Tau2, Close.Tight, "tau2");
    }

    private static IReadOnlyList<StudyEffect> DatasetOf(string name) => name switch
    {
        "bcg" => Datasets.BcgLogRiskRatios(),
        "hackshaw" => Datasets.Hackshaw(),
        "raudenbush" => Datasets.Raudenbush(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };
}
