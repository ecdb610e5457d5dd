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

    [Fact]
    public void Level_outside_zero_one_is_refused()
    {
        Assert.Throws<MetaAnalysisException>(() => MetaAnalysis.Fit(Datasets.Hackshaw(), new MetaAnalysisOptions { Level = 95 }));
    }
}
