using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

/// <summary>A complete MSC-EV extraction: APP/PS1 mice, PBS against two EV doses (a shared control).</summary>
internal static class SampleEntries
{
    public static ExtractionForm Form => MscEvExtractionForm.Version1;

    public static ExtractionEntry Complete(string extractorId = "ana") => new()
    {
        StudyId = "li-2021",
        FormId = MscEvExtractionForm.FormId,
        FormVersion = 1,
        ExtractorId = extractorId,
        Fields = new Dictionary<string, FieldValue>
        {
            ["disease"] = new() { Choice = "alzheimers" },
            ["animalModel"] = new() { Choice = "appPs1" },
            ["species"] = new() { Choice = "mouse" },
            ["strain"] = new() { Text = "C57BL/6J background" },
            ["sex"] = new() { Choice = "male" },
            ["age"] = new() { Number = 6, Unit = "mo" },
            ["nPerGroup"] = new() { Number = 10 },
            ["mscSource"] = new() { Choice = "boneMarrow" },
            ["donorSpecies"] = new() { Choice = "human" },
            ["passage"] = new() { Text = "P3–P5" },
            ["cultureConditions"] = new() { Checked = ["standard2D"] },
            ["evType"] = new() { Choice = "exosomes" },
            ["isolationMethod"] = new() { Choice = "ultracentrifugation" },
            ["misevCharacterisation"] = new() { Checked = ["nta", "tem", "cd63", "cd81", "tsg101"] },
            ["doseProtein"] = new() { Number = 100, Unit = "µg" },
            ["frequency"] = new() { Choice = "single" },
            ["route"] = new() { Choice = "intranasal" },
            ["timingFromOnset"] = new() { Number = 0, Unit = "d" },
            ["followUpTimePoints"] = new() { Values = [new Quantity(28, "d")] },
        },
        Arms =
        [
            new() { Id = "pbs", Label = "PBS", Role = ArmRole.Control },
            new() { Id = "low", Label = "EVs 50 µg", Role = ArmRole.Treatment },
            new() { Id = "high", Label = "EVs 100 µg", Role = ArmRole.Treatment },
        ],
        Comparisons =
        [
            new() { Id = "low-vs-pbs", TreatmentArmId = "low", ControlArmId = "pbs" },
            new() { Id = "high-vs-pbs", TreatmentArmId = "high", ControlArmId = "pbs" },
        ],
        Outcomes =
        [
            new()
            {
                Outcome = "mwmEscapeLatency", Unit = "s", TimePoint = new Quantity(28, "d"),
                Source = DataSource.Figure, SourceLocation = "Fig. 2B",
                Arms =
                [
                    new() { ArmId = "pbs", Reported = ReportedSummary.MeanSe, Mean = 45.2, Se = 3.1, N = 10 },
                    new() { ArmId = "low", Reported = ReportedSummary.MeanSd, Mean = 35.0, Sd = 8.4, N = 10 },
                    new() { ArmId = "high", Reported = ReportedSummary.MedianIqr, Median = 32, Q1 = 20.5, Q3 = 47.5, N = 10 },
                ],
            },
            new()
            {
                Outcome = "mortality", Unit = "deaths", TimePoint = new Quantity(28, "d"),
                Source = DataSource.Text,
                Arms =
                [
                    new() { ArmId = "pbs", Reported = ReportedSummary.EventsTotal, Events = 3, N = 12 },
                    new() { ArmId = "low", Reported = ReportedSummary.EventsTotal, Events = 1, N = 12 },
                    new() { ArmId = "high", Reported = ReportedSummary.EventsTotal, Events = 0, N = 12 },
                ],
            },
        ],
    };

    /// <summary>The entry with one outcome row's arm replaced.</summary>
    public static ExtractionEntry WithArm(this ExtractionEntry entry, int row, int arm, Func<ArmOutcomeData, ArmOutcomeData> change)
    {
        var rows = entry.Outcomes.ToList();
        var arms = rows[row].Arms.ToList();
        arms[arm] = change(arms[arm]);
        rows[row] = rows[row] with { Arms = arms };
        return entry with { Outcomes = rows };
    }

    public static ExtractionEntry WithField(this ExtractionEntry entry, string key, FieldValue? value)
    {
        var fields = entry.Fields.ToDictionary();
        if (value is null)
            fields.Remove(key);
        else
            fields[key] = value;
        return entry with { Fields = fields };
    }

    public static ExtractionEntry WithRow(this ExtractionEntry entry, int row, Func<OutcomeRow, OutcomeRow> change)
    {
        var rows = entry.Outcomes.ToList();
        rows[row] = change(rows[row]);
        return entry with { Outcomes = rows };
    }
}
