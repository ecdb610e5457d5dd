using EvSysReview.Contracts.Extraction;
using EvSysReview.Synthesis.Evidence;
using EvSysReview.Synthesis.Versions;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>
/// Row labels in the recompute function: every row of an analysis needs its own label (cumulative
/// steps, leave-one-out and plots name rows by it), even when extraction gave two comparisons of
/// one study the same label. Pure: no host, no broker.
/// </summary>
public sealed class RecomputationLabelTests
{
    private static readonly Guid ProjectId = Guid.NewGuid();

    [Fact]
    public void Two_comparisons_with_one_label_in_one_study_get_distinct_row_labels_and_the_analysis_is_fitted()
    {
        var chen = Study("Chen 2021", 2021,
            Comparison("escape@28 d/low-vs-pbs", "EVs vs PBS", 20, 5, 10),
            Comparison("escape@28 d/high-vs-pbs", "EVs vs PBS", 15, 5, 10));
        var li = Study("Li 2019", 2019, Comparison("escape@28 d/evs-vs-pbs", "EVs vs PBS", 25, 6, 12));

        var analysis = Assert.Single(SynthesisRecomputation.Compute(new SynthesisPlan { ProjectId = ProjectId }, [chen, li]));

        Assert.Null(analysis.Error);
        Assert.Equal(3, analysis.Result!.K);
        Assert.Equal(3, analysis.Studies.Select(s => s.Label).Distinct().Count());
        Assert.Contains(analysis.Studies, s => s.Label == "Chen 2021 (EVs vs PBS, escape@28 d/high-vs-pbs)");
        Assert.Equal([2019, 2021, 2021], analysis.Cumulative.Select(c => c.Year));
    }

    // SD 0 in both arms (an IQR with q1 = q3 converts to SD 0) makes vi 0: that row is left out
    // with a note naming the study and field, and the others are pooled (docs/synthesis.md).
    [Fact]
    public void A_row_with_zero_sampling_variance_is_left_out_with_a_note_and_the_rest_are_pooled()
    {
        var studies = new[]
        {
            Study("Chen 2021", 2021, Comparison("escape@28 d/evs-vs-pbs", "EVs vs PBS", 20, 5, 10)),
            Study("Li 2019", 2019, Comparison("escape@28 d/evs-vs-pbs", "EVs vs PBS", 25, 6, 12)),
            Study("Park 2018", 2018, Comparison("escape@28 d/evs-vs-pbs", "EVs vs PBS", 30, 0, 8)),
        };

        var analysis = Assert.Single(SynthesisRecomputation.Compute(new SynthesisPlan { ProjectId = ProjectId, ContinuousMeasure = "MD" }, studies));

        Assert.Null(analysis.Error);
        Assert.Equal(2, analysis.Result!.K);
        Assert.Equal(["Chen 2021", "Li 2019"], analysis.Studies.Select(s => s.Label));
        Assert.Contains(analysis.Notes, n => n.StartsWith("Park 2018: left out, ") && n.EndsWith("(Sd1)"));
    }

    private static EvidenceStudy Study(string label, int year, params OutcomeComparisonData[] outcomes) =>
        EvidenceStudy.New(ProjectId, Guid.NewGuid()) with
        {
            Included = true,
            Extraction = new ExtractedData(1, label, year, new Dictionary<string, string>(), outcomes),
        };

    private static OutcomeComparisonData Comparison(string key, string comparison, double treatmentMean, double sd, double n) => new()
    {
        Key = key,
        Outcome = "escape",
        TimePoint = "28 d",
        Comparison = comparison,
        Treatment = new ArmData(treatmentMean, sd, n, null),
        Control = new ArmData(40, sd, n, null),
    };
}
