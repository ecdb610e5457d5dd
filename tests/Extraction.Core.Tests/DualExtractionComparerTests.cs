using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Comparison;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class DualExtractionComparerTests
{
    private static string Json(JsonNode? node) => node?.ToJsonString() ?? "absent";

    [Fact]
    public void Identical_entries_by_different_extractors_do_not_differ()
    {
        Assert.Empty(DualExtractionComparer.Compare(SampleEntries.Complete("ana"), SampleEntries.Complete("ben")));
    }

    [Fact]
    public void Every_differing_field_is_listed_with_both_values()
    {
        var first = SampleEntries.Complete("ana");
        var second = SampleEntries.Complete("ben")
            .WithField("route", new FieldValue { Choice = "intravenous" })
            .WithField("age", new FieldValue { Number = 6, Unit = "wk" })
            .WithField("strain", null)
            .WithArm(0, 0, a => a with { Se = 3.2 })
            .WithArm(1, 2, a => a with { Events = 1 })
            .WithRow(0, r => r with { SourceLocation = "Fig. 2C" });

        var differences = DualExtractionComparer.Compare(first, second);

        Assert.Equal(
            [
                ("fields.strain", DifferenceKind.OnlyInFirst, "{\"text\":\"C57BL/6J background\"}", "absent"),
                ("fields.age.unit", DifferenceKind.ValuesDiffer, "\"mo\"", "\"wk\""),
                ("fields.route.choice", DifferenceKind.ValuesDiffer, "\"intranasal\"", "\"intravenous\""),
                ("outcomes[mwmEscapeLatency@28 d].sourceLocation", DifferenceKind.ValuesDiffer, "\"Fig. 2B\"", "\"Fig. 2C\""),
                ("outcomes[mwmEscapeLatency@28 d].arms[pbs].se", DifferenceKind.ValuesDiffer, "3.1", "3.2"),
                ("outcomes[mortality@28 d].arms[high].events", DifferenceKind.ValuesDiffer, "0", "1"),
            ],
            differences.Select(d => (d.Path, d.Kind, Json(d.First), Json(d.Second))));
    }

    [Fact]
    public void Rows_present_in_one_entry_only_are_differences()
    {
        var first = SampleEntries.Complete("ana");
        var second = SampleEntries.Complete("ben") with { Outcomes = [SampleEntries.Complete().Outcomes[0]] };
        second = second with
        {
            Outcomes = [.. second.Outcomes, first.Outcomes[0] with { TimePoint = new Quantity(14, "d") }],
        };

        var differences = DualExtractionComparer.Compare(first, second);

        Assert.Equal(
            [
                ("outcomes[mortality@28 d]", DifferenceKind.OnlyInFirst),
                ("outcomes[mwmEscapeLatency@14 d]", DifferenceKind.OnlyInSecond),
            ],
            differences.Select(d => (d.Path, d.Kind)));
        Assert.Equal("mwmEscapeLatency", differences[1].Second!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public void Rows_and_arms_are_matched_by_identity_not_position()
    {
        var first = SampleEntries.Complete("ana");
        var second = SampleEntries.Complete("ben");
        second = second with
        {
            Outcomes = [.. second.Outcomes.Reverse().Select(r => r with { Arms = [.. r.Arms.Reverse()] })],
            Arms = [.. second.Arms.Reverse()],
        };

        Assert.Empty(DualExtractionComparer.Compare(first, second));
    }

    [Fact]
    public void Checklist_order_does_not_matter_but_its_items_do()
    {
        var second = SampleEntries.Complete("ben")
            .WithField("misevCharacterisation", new FieldValue { Checked = ["tsg101", "cd81", "cd63", "tem", "nta"] });
        Assert.Empty(DualExtractionComparer.Compare(SampleEntries.Complete(), second));

        var third = SampleEntries.Complete("cy")
            .WithField("misevCharacterisation", new FieldValue { Checked = ["tsg101", "cd81", "cd63", "tem", "nta", "alix"] });
        var difference = Assert.Single(DualExtractionComparer.Compare(SampleEntries.Complete(), third));
        Assert.Equal("fields.misevCharacterisation.checked", difference.Path);
    }

    [Fact]
    public void Numbers_equal_within_tolerance_agree()
    {
        var second = SampleEntries.Complete("ben").WithArm(0, 1, a => a with { Mean = 35.0 + 1e-12 });
        Assert.Empty(DualExtractionComparer.Compare(SampleEntries.Complete(), second));

        // Digitised from a figure: 35.0 against 36.0 is within a 5% figure tolerance, not the default.
        var digitised = SampleEntries.Complete("ben").WithArm(0, 1, a => a with { Mean = 36.0 });
        Assert.Single(DualExtractionComparer.Compare(SampleEntries.Complete(), digitised));
        Assert.Empty(DualExtractionComparer.Compare(SampleEntries.Complete(), digitised, new NumericTolerance(FigureRelative: 0.05)));

        // The figure tolerance does not apply to a row read from the text.
        var fromText = SampleEntries.Complete("ben").WithArm(1, 0, a => a with { N = 13 });
        Assert.Single(DualExtractionComparer.Compare(SampleEntries.Complete(), fromText, new NumericTolerance(FigureRelative: 0.1)));
    }

    [Fact]
    public void Consensus_takes_the_chosen_values_and_is_valid()
    {
        var first = SampleEntries.Complete("ana");
        var second = SampleEntries.Complete("ben")
            .WithField("route", new FieldValue { Choice = "intravenous" })
            .WithArm(0, 0, a => a with { Se = 3.2 })
            .WithField("strain", null);
        second = second with
        {
            Outcomes = [.. second.Outcomes, first.Outcomes[0] with { TimePoint = new Quantity(14, "d") }],
        };

        var consensus = ConsensusBuilder.Build(first, second,
        [
            new ConsensusChoice("fields.route.choice", ConsensusSource.Other),
            new ConsensusChoice("outcomes[mwmEscapeLatency@28 d].arms[pbs].se", ConsensusSource.Agreed, JsonValue.Create(3.15)),
            new ConsensusChoice("fields.strain", ConsensusSource.Other),
            new ConsensusChoice("outcomes[mwmEscapeLatency@14 d]", ConsensusSource.Other),
        ]);

        Assert.Null(consensus.ExtractorId);
        Assert.Equal("intravenous", consensus.Fields["route"].Choice);
        Assert.False(consensus.Fields.ContainsKey("strain"));
        Assert.Equal(3.15, consensus.Outcomes[0].Arms[0].Se);
        Assert.Equal(["mwmEscapeLatency@28 d", "mortality@28 d", "mwmEscapeLatency@14 d"], consensus.Outcomes.Select(r => r.Key));
        Assert.Empty(ExtractionEntryValidator.Validate(SampleEntries.Form, consensus, ValidationStage.Submission));

        // What is left between consensus and the second extractor: only the agreed SE.
        var remaining = Assert.Single(DualExtractionComparer.Compare(consensus, second));
        Assert.Equal("outcomes[mwmEscapeLatency@28 d].arms[pbs].se", remaining.Path);
    }

    [Fact]
    public void Consensus_can_drop_a_row_only_the_base_has()
    {
        var second = SampleEntries.Complete("ben") with { Outcomes = [SampleEntries.Complete().Outcomes[0]] };

        var consensus = ConsensusBuilder.Build(SampleEntries.Complete(), second,
            [new ConsensusChoice("outcomes[mortality@28 d]", ConsensusSource.Other)]);

        Assert.Equal(["mwmEscapeLatency@28 d"], consensus.Outcomes.Select(r => r.Key));
    }

    [Fact]
    public void Entry_paths_escape_brackets_in_keys()
    {
        var path = EntryPath.Item("outcomes", @"odd]name\x@1 d") + ".unit";

        Assert.Equal(@"outcomes[odd\]name\\x@1 d].unit", path);
        Assert.Equal(
            [new EntryPath.Property("outcomes"), new EntryPath.Element(@"odd]name\x@1 d"), new EntryPath.Property("unit")],
            EntryPath.Parse(path));
    }
}
