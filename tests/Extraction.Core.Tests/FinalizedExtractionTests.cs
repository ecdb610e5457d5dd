using System.Text.Json;
using EvSysReview.Extraction.Core.Conversions;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class FinalizedExtractionTests
{
    private static FinalizedExtraction Finalise(ExtractionEntry entry) =>
        FinalizedExtractionBuilder.Build(SampleEntries.Form, entry, "Li 2021");

    [Fact]
    public void One_comparison_per_outcome_time_point_and_comparison()
    {
        var finalised = Finalise(SampleEntries.Complete());

        Assert.Equal(
            [
                "mwmEscapeLatency@28 d/low-vs-pbs", "mwmEscapeLatency@28 d/high-vs-pbs",
                "mortality@28 d/low-vs-pbs", "mortality@28 d/high-vs-pbs",
            ],
            finalised.Comparisons.Select(c => c.Key));
        Assert.Equal("Li 2021", finalised.StudyLabel);
        Assert.Equal("alzheimers", finalised.StudyFields["disease"].Choice);
    }

    [Fact]
    public void Arms_are_converted_to_mean_and_sd_with_their_source_and_method()
    {
        var escape = Finalise(SampleEntries.Complete()).Comparisons[1];

        Assert.Equal("EVs 100 µg vs PBS", escape.ComparisonLabel);
        Assert.Equal(OutcomeDirection.HigherIsWorse, escape.Direction);
        // Treatment: median 32, IQR 20.5–47.5, n 10 (values as in ConversionTests, from R).
        Assert.Equal(33.478, escape.Treatment.Mean!.Value, 12);
        Assert.Equal(23.220093548281, escape.Treatment.Sd!.Value, 11);
        Assert.Equal(SdSource.Converted, escape.Treatment.SdSource);
        Assert.Equal("Luo 2018 mean + Wan 2014 SD from median and IQR", escape.Treatment.ConversionMethod);
        // Control: SE 3.1, n 10. R: 3.1*sqrt(10) → 9.80306074652198
        Assert.Equal(9.80306074652198, escape.Control.Sd!.Value, 12);
        Assert.Equal(SdSource.Se, escape.Control.SdSource);
        Assert.True(escape.FromFigure);
        Assert.True(escape.Converted);
    }

    [Fact]
    public void Shared_control_n_is_split_across_the_comparisons_that_use_it()
    {
        var comparisons = Finalise(SampleEntries.Complete()).Comparisons;

        var escape = comparisons.Where(c => c.Outcome == "mwmEscapeLatency").ToList();
        Assert.All(escape, c =>
        {
            Assert.True(c.SharedControl);
            Assert.Equal((2, 10, 5.0), (c.Control.SharedBy, c.Control.ReportedN, c.Control.N));
            Assert.Equal(45.2, c.Control.Mean);
            Assert.Equal((1, 10.0), (c.Treatment.SharedBy, c.Treatment.N));
        });

        // Dichotomous: events and total are both split (Cochrane Handbook 23.3.4): 3/12 → 1.5/6.
        var mortality = comparisons.First(c => c.Outcome == "mortality");
        Assert.Equal(OutcomeDataType.Dichotomous, mortality.DataType);
        Assert.Equal((1.5, 6.0), (mortality.Control.Events!.Value, mortality.Control.N));
        Assert.Equal((1.0, 12.0), (mortality.Treatment.Events!.Value, mortality.Treatment.N));
    }

    [Fact]
    public void Control_used_by_one_comparison_of_a_row_is_not_split()
    {
        // The high-dose arm was not measured for mortality: PBS serves only low-vs-pbs there.
        var entry = SampleEntries.Complete().WithRow(1, r => r with { Arms = [.. r.Arms.Take(2)] });

        var mortality = Assert.Single(Finalise(entry).Comparisons, c => c.Outcome == "mortality");

        Assert.False(mortality.SharedControl);
        Assert.Equal(12.0, mortality.Control.N);
    }

    [Fact]
    public void A_treatment_arm_compared_with_two_controls_is_split_too()
    {
        var entry = SampleEntries.Complete() with
        {
            Arms = [.. SampleEntries.Complete().Arms, new ArmDefinition { Id = "mscs", Label = "Parent MSCs", Role = ArmRole.Control }],
            Comparisons =
            [
                new() { Id = "low-vs-pbs", TreatmentArmId = "low", ControlArmId = "pbs" },
                new() { Id = "low-vs-mscs", TreatmentArmId = "low", ControlArmId = "mscs" },
            ],
        };
        entry = entry.WithRow(0, r => r with
        {
            Arms = [.. r.Arms, new ArmOutcomeData { ArmId = "mscs", Reported = ReportedSummary.MeanSd, Mean = 38, Sd = 9, N = 9 }],
        });

        var escape = Finalise(entry).Comparisons.Where(c => c.Outcome == "mwmEscapeLatency").ToList();

        Assert.Equal(["low-vs-pbs", "low-vs-mscs"], escape.Select(c => c.ComparisonId));
        Assert.All(escape, c => Assert.Equal((2, 5.0), (c.Treatment.SharedBy, c.Treatment.N)));
        Assert.All(escape, c => Assert.False(c.SharedControl));
    }

    [Fact]
    public void An_incomplete_entry_is_not_finalised()
    {
        var entry = SampleEntries.Complete().WithArm(0, 0, a => a with { Se = null });

        var refused = Assert.Throws<InvalidExtractionEntryException>(() => Finalise(entry));

        Assert.Equal("outcomes[0].arms[0].se", Assert.Single(refused.Errors).Path);
    }

    [Fact]
    public void Finalised_payload_round_trips_through_json_with_its_flags()
    {
        var json = JsonSerializer.Serialize(Finalise(SampleEntries.Complete()), ExtractionJson.Options);

        Assert.Contains("\"sharedControl\":true", json);
        Assert.Contains("\"fromFigure\":true", json);
        Assert.Contains("\"sdSource\":\"converted\"", json);
        var back = JsonSerializer.Deserialize<FinalizedExtraction>(json, ExtractionJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, ExtractionJson.Options));
    }
}
