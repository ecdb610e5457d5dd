using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Moderators;

public sealed class SubgroupAnalysisTests
{
    [Fact]
    public void Bcg_by_allocation_matches_separate_fits_and_the_fixed_effect_test_between_them()
    {
        // R: dat <- escalc("RR", ...dat.bcg); per group rma(yi, vi, data=dat, subset=alloc==g, method="REML");
        //    rma(ests, sei=ses, mods=~factor(groups), method="FE") -> QM, QMp
        var result = SubgroupAnalysis.Fit(Datasets.BcgLogRiskRatios(), MetaforDatasets.BcgAlloc, new MetaAnalysisOptions { Method = Tau2Method.REML });

        Assert.Equal(MetaforExpected.SubgroupNames, result.Subgroups.Select(s => s.Name));
        Close.Equal(MetaforExpected.SubgroupEstimates, result.Subgroups.Select(s => s.Result.Estimate).ToList(), Close.Tight, "subgroup estimates");
        Close.Equal(MetaforExpected.SubgroupSes, result.Subgroups.Select(s => s.Result.Se).ToList(), Close.Tight, "subgroup se");
        Close.Equal(MetaforExpected.SubgroupTau2, result.Subgroups.Select(s => s.Result.Tau2).ToList(), Close.Tight, "subgroup tau2");
        Close.Equal(MetaforExpected.SubgroupI2, result.Subgroups.Select(s => s.Result.I2).ToList(), Close.Tight, "subgroup I2");
        Close.Equal(MetaforExpected.SubgroupQBetween, result.QBetween, Close.Tight, "Q between");
        Close.Equal(MetaforExpected.SubgroupQBetweenP, result.QBetweenP, Close.Tight, "Q between p");
        Assert.Equal(2, result.QBetweenDf);
        Assert.Equal(13, result.Overall.K);
    }

    [Fact]
    public void Single_study_subgroup_is_that_study_and_a_bad_variance_names_subgroup_and_study()
    {
        var studies = Datasets.Hackshaw().Take(4).ToList();
        var result = SubgroupAnalysis.Fit(studies, ["a", "a", "a", "b"]);

        var single = result.Subgroups.Single(s => s.Name == "b").Result;
        Assert.Equal(studies[3].Yi, single.Estimate, 12);
        Assert.Equal(0, single.Tau2);

        var broken = studies.Select((s, i) => i == 1 ? s with { Vi = -1 } : s).ToList();
        var error = Assert.Throws<MetaAnalysisException>(() => SubgroupAnalysis.Fit(broken, ["a", "a", "b", "b"]));
        Assert.Equal(studies[1].Label, error.StudyLabel);
        Assert.Equal($"Study '{studies[1].Label}', Vi: subgroup 'a': sampling variance must be positive and finite but is -1.", error.Message);
    }
}
