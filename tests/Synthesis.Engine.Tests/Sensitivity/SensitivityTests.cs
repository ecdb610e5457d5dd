using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Sensitivity;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.Sensitivity;

public sealed class SensitivityTests
{
    [Fact]
    public void Leave_one_out_bcg_reml_matches_leave1out()
    {
        // R: leave1out(rma(yi, vi, data=escalc("RR", ai=tpos, bi=tneg, ci=cpos, di=cneg, data=dat.bcg), method="REML"))
        var rows = LeaveOneOut.Run(Datasets.BcgLogRiskRatios(), new MetaAnalysisOptions { Method = Tau2Method.REML });

        AssertTable(MetaforExpected.LeaveOneOutBcgReml, rows);
        Assert.Equal("Aronson 1948", rows[0].StudyLabel);
    }

    [Fact]
    public void Leave_one_out_bcg_knha_matches_leave1out()
    {
        // R: leave1out(rma(yi, vi, data=escalc("RR", ...dat.bcg), method="REML", test="knha"))
        var rows = LeaveOneOut.Run(Datasets.BcgLogRiskRatios(), new MetaAnalysisOptions { Method = Tau2Method.REML, KnappHartung = true });

        AssertTable(MetaforExpected.LeaveOneOutBcgKnha, rows);
    }

    [Fact]
    public void Leave_one_out_hackshaw_dl_matches_leave1out()
    {
        // R: leave1out(rma(yi, vi, data=dat.hackshaw1998, method="DL"))
        AssertTable(MetaforExpected.LeaveOneOutHackshawDl, LeaveOneOut.Run(Datasets.Hackshaw(), new MetaAnalysisOptions { Method = Tau2Method.DL }));
    }

    [Fact]
    public void Cumulative_by_year_matches_cumul()
    {
        // R: cumul(rma(yi, vi, data=dat.hackshaw1998, method="REML"), order=dat.hackshaw1998$year)
        var studies = Datasets.Hackshaw();
        var rows = CumulativeMetaAnalysis.Run(studies, MetaforDatasets.HackshawYear, new MetaAnalysisOptions { Method = Tau2Method.REML });

        Assert.Equal(MetaforExpected.CumulativeHackshawOrder.Select(i => studies[i].Label), rows.Select(r => r.StudyLabel));
        AssertTable(MetaforExpected.CumulativeHackshawReml, rows);
        Assert.Equal(1, rows[0].Result.K);
        Assert.Equal(37, rows[^1].Result.K);
    }

    private static void AssertTable(ExpectedTable expected, IReadOnlyList<SensitivityRow> rows)
    {
        var call = expected.RCall;
        var results = rows.Select(r => r.Result).ToList();
        Close.Equal(expected.Estimate, results.Select(r => r.Estimate).ToList(), Close.Tight, $"{call} estimate");
        Close.Equal(expected.Se, results.Select(r => r.Se).ToList(), Close.Tight, $"{call} se");
        Close.Equal(expected.Statistic, results.Select(r => (r.ZVal ?? r.TVal)!.Value).ToList(), Close.Tight, $"{call} z/t");
        Close.Equal(expected.PVal, results.Select(r => r.PVal).ToList(), Close.Tight, $"{call} pval");
        Close.Equal(expected.CiLower, results.Select(r => r.CiLower).ToList(), Close.Tight, $"{call} ci.lb");
        Close.Equal(expected.CiUpper, results.Select(r => r.CiUpper).ToList(), Close.Tight, $"{call} ci.ub");
        Close.Equal(expected.Q, results.Select(r => r.Q).ToList(), Close.Tight, $"{call} Q");
        Close.Equal(expected.QP, results.Select(r => r.QP).ToList(), Close.Tight, $"{call} Qp");
        Close.Equal(expected.Tau2, results.Select(r => r.Tau2).ToList(), Close.Tight, $"{call} tau2");
        Close.Equal(expected.I2, results.Select(r => r.I2).ToList(), Close.Tight, $"{call} I2");
        Close.Equal(expected.H2, results.Select(r => r.H2).ToList(), Close.Tight, $"{call} H2");
    }
}
