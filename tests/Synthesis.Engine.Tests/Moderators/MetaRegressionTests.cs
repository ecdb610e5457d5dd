using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Moderators;

public sealed class MetaRegressionTests
{
    public static TheoryData<string, string, bool> Cases()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var r in MetaforExpected.Regressions) data.Add(r.Name, r.Method, r.KnappHartung);
        return data;
    }

    // R calls beside each case in Expected/MetaforExpected.cs, e.g.
    // rma(yi, vi, mods=~ ablat + year + factor(alloc), data=escalc("RR", ...dat.bcg), method="ML", test="z").
    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_rma_with_moderators(string name, string method, bool knha)
    {
        var expected = MetaforExpected.Regressions.Single(r => r.Name == name && r.Method == method && r.KnappHartung == knha);
        var options = new MetaAnalysisOptions { Method = Enum.Parse<Tau2Method>(method), KnappHartung = knha };

        var actual = MetaRegression.Fit(Datasets.BcgLogRiskRatios(), ModeratorsFor(name), options);

        var call = expected.RCall;
        Assert.Equal(expected.Coefficients.Select(n => n.Replace("factor(alloc)", "alloc")), actual.Coefficients.Select(c => c.Name));
        Close.Equal(expected.Beta, actual.Coefficients.Select(c => c.Estimate).ToList(), Close.Tight, $"{call} b");
        Close.Equal(expected.Se, actual.Coefficients.Select(c => c.Se).ToList(), Close.Tight, $"{call} se");
        Close.Equal(expected.Statistic, actual.Coefficients.Select(c => (c.ZVal ?? c.TVal)!.Value).ToList(), Close.Tight, $"{call} z/t");
        Close.Equal(expected.PVal, actual.Coefficients.Select(c => c.PVal).ToList(), Close.Tight, $"{call} pval");
        Close.Equal(expected.CiLower, actual.Coefficients.Select(c => c.CiLower).ToList(), Close.Tight, $"{call} ci.lb");
        Close.Equal(expected.CiUpper, actual.Coefficients.Select(c => c.CiUpper).ToList(), Close.Tight, $"{call} ci.ub");
        Close.Equal(expected.QM, actual.QM, Close.Tight, $"{call} QM");
        Close.Equal(expected.QMp, actual.QMp, Close.Tight, $"{call} QMp");
        Close.Equal(expected.QE, actual.QE, Close.Tight, $"{call} QE");
        Close.Equal(expected.QEp, actual.QEp, Close.Tight, $"{call} QEp");
        Close.Equal(expected.Tau2, actual.Tau2, Close.Tight, $"{call} tau2");
        Close.Equal(expected.I2, actual.I2, Close.Tight, $"{call} I2");
        Close.Equal(expected.H2, actual.H2, Close.Tight, $"{call} H2");
        Close.Equal(expected.R2, actual.R2, Close.Tight, $"{call} R2");
    }

    [Fact]
    public void Constant_moderator_is_rejected_as_rank_deficient()
    {
        var constant = new ContinuousModerator("dose", Enumerable.Repeat(5.0, 13).ToList());

        var error = Assert.Throws<MetaAnalysisException>(() => MetaRegression.Fit(Datasets.BcgLogRiskRatios(), [constant]));

        Assert.Contains("not of full rank", error.Message);
    }

    // k = p under FE: metafor 3.8-1 reports R² as NA (the adjusted R² divides by k − p = 0):
    //   rma(yi=c(0.1,0.5), vi=c(0.01,0.02), mods=~dose, method="FE")$R2  # NaN, with dose <- c(1,2); $QM = 5.3333333333333366
    [Fact]
    public void Fixed_effect_fit_with_as_many_studies_as_coefficients_has_no_r2()
    {
        var studies = new[] { new StudyEffect("a", 0.1, 0.01), new StudyEffect("b", 0.5, 0.02) };

        var fit = MetaRegression.Fit(studies, [new ContinuousModerator("dose", [1, 2])], new MetaAnalysisOptions { Method = Tau2Method.FE });

        Assert.Null(fit.R2);
        Close.Equal(5.3333333333333366, fit.QM, Close.Tight, "rma QM");
    }

    private static IReadOnlyList<Moderator> ModeratorsFor(string name)
    {
        var ablat = new ContinuousModerator("ablat", MetaforDatasets.BcgAblat);
        var year = new ContinuousModerator("year", MetaforDatasets.BcgYear);
        var alloc = new CategoricalModerator("alloc", MetaforDatasets.BcgAlloc);
        return name switch
        {
            "ablat" => [ablat],
            "alloc" => [alloc],
            "ablat+year+alloc" => [ablat, year, alloc],
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
        };
    }
}
