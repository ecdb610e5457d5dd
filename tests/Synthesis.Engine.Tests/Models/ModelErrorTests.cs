using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;

namespace EvSysReview.Synthesis.Engine.Tests.Models;

public sealed class ModelErrorTests
{
    [Fact]
    public void Random_effects_with_one_study_is_refused_naming_the_study()
    {
        var one = new[] { new StudyEffect("Aronson 1948", -0.889, 0.326) };

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(one, new MetaAnalysisOptions { Method = Tau2Method.REML }));

        Assert.Equal("Aronson 1948", error.StudyLabel);
        Assert.Contains("at least 2 studies", error.Message);
        Assert.Equal(MetaAnalysisFailure.TooFewStudies, error.Kind);
    }

    [Fact]
    public void Fixed_effect_with_one_study_returns_that_study()
    {
        var result = MetaAnalysis.Fit([new StudyEffect("Aronson 1948", -0.889, 0.25)], new MetaAnalysisOptions { Method = Tau2Method.FE });

        Assert.Equal(-0.889, result.Estimate, 12);
        Assert.Equal(0.5, result.Se, 12);
        Assert.Equal(0, result.Q);
        Assert.Equal(1, result.QP);
    }

    [Theory]
    [InlineData(-0.01)]
    [InlineData(0)]
    [InlineData(double.NaN)]
    public void Non_positive_variance_names_the_study_and_field(double vi)
    {
        var studies = Datasets.Hackshaw().Take(5).Append(new StudyEffect("Broken 2020", 0.1, vi)).ToList();

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(studies));

        Assert.Equal("Broken 2020", error.StudyLabel);
        Assert.Equal("Vi", error.Field);
    }

    [Fact]
    public void Fisher_scoring_that_does_not_converge_throws_instead_of_returning_a_number()
    {
        // R: rma(yi, vi, data=escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg), control=list(maxiter=2))
        //    -> Error: Fisher scoring algorithm did not converge.
        var options = new MetaAnalysisOptions { Control = new FitControl { MaxIterations = 2 } };

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(Datasets.BcgLogRiskRatios(), options));

        Assert.Contains("did not converge", error.Message);
    }

    // Simulated data (BenchmarkStudies.Simulated(15, seed 18) without study 12) on which REML Fisher
    // scoring oscillates between ~0.01 and ~0.03 for ever, in metafor as in the engine:
    // R: rma(yi, vi, method="REML") -> Error: Fisher scoring algorithm did not converge.
    // R: rma(yi, vi, method="REML", control=list(stepadj=0.5)) -> tau2 0.0143522694717363,
    //    beta 0.130756917864624, se 0.0755202434307481
    private static readonly double[] OscillatingYi = [0.22208629693310084, 0.21941804426755068, 0.4578802968091178, -0.3078585643221961, -0.10884933226446103, 0.49814510447072746, 0.36357651979672345, 0.26240853110603335, 0.1481430521263392, -0.20079587248524883, 0.0002517115888628907, -0.3304495844657059, 0.24391007915178214, 0.04282609429349088];
    private static readonly double[] OscillatingVi = [0.03468079582074694, 0.08602544897516512, 0.1944990482947319, 0.1831326008975192, 0.011287845112983065, 0.06163119356223904, 0.041245139660893534, 0.06018134441235166, 0.0981685170010517, 0.16970707583693187, 0.16814154548949636, 0.1887295427493423, 0.04380301027270174, 0.08934367786131038];

    [Fact]
    public void Oscillating_fisher_scoring_fails_like_metafor_and_converges_with_half_steps()
    {
        var studies = OscillatingYi.Select((y, i) => new StudyEffect($"s{i + 1}", y, OscillatingVi[i])).ToList();

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(studies));
        Assert.Contains("did not converge within 100 iterations", error.Message);
        Assert.Equal(MetaAnalysisFailure.NotConverged, error.Kind);

        var halved = MetaAnalysis.Fit(studies, new MetaAnalysisOptions { Control = new FitControl { StepAdjustment = 0.5 } });
        Close.Equal(0.0143522694717363, halved.Tau2, Close.Tight, "tau2 with stepadj=0.5");
        Close.Equal(0.130756917864624, halved.Estimate, Close.Tight, "estimate with stepadj=0.5");
        Close.Equal(0.0755202434307481, halved.Se, Close.Tight, "se with stepadj=0.5");
    }

    [Fact]
    public void Identical_effects_under_knapp_hartung_throw_instead_of_an_infinite_t()
    {
        // R: rma(yi=c(0.2, 0.2, 0.2), vi=c(0.01, 0.02, 0.03), test="knha") gives se = 0 and tval = Inf.
        var studies = new[] { new StudyEffect("a", 0.2, 0.01), new StudyEffect("b", 0.2, 0.02), new StudyEffect("c", 0.2, 0.03) };

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(studies, new MetaAnalysisOptions { KnappHartung = true }));

        Assert.Contains("no residual variation", error.Message);
    }

    [Fact]
    public void Effects_so_large_that_q_overflows_throw_undefined_instead_of_a_nan_i2()
    {
        // R: rma(yi=c(1e150, -1e150), vi=c(1e-10, 1e-10), method="FE") gives QE = Inf, I2 = NaN, H2 = Inf.
        var studies = new[] { new StudyEffect("a", 1e150, 1e-10), new StudyEffect("b", -1e150, 1e-10) };

        var error = Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(studies, new MetaAnalysisOptions { Method = Tau2Method.FE }));

        Assert.Equal(MetaAnalysisFailure.Undefined, error.Kind);
        Assert.StartsWith("Q is not a finite number", error.Message);
    }

    [Fact]
    public void Level_outside_zero_one_is_refused()
    {
        Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(Datasets.Hackshaw(), new MetaAnalysisOptions { Level = 95 }));
    }
}
