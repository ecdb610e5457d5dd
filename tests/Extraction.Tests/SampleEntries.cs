using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// The core tests' complete MSC-EV entry (linked from tests/Extraction.Core.Tests/SampleEntries.cs):
/// APP/PS1 mice, PBS against two EV doses (a shared control); escape latency from a figure with PBS
/// as mean ± SE, the low dose as mean ± SD, the high dose as median/IQR; mortality as events/total.
/// </summary>
internal static class StudyEntries
{
    /// <summary>The server sets the study id itself; the sample's is replaced only to keep the body honest.</summary>
    public static ExtractionEntry Complete(Guid studyId) => SampleEntries.Complete() with { StudyId = studyId.ToString(), ExtractorId = null };

    public static ExtractionEntry WithRow(this ExtractionEntry entry, OutcomeRow row) => entry with { Outcomes = [.. entry.Outcomes, row] };

    /// <summary>A third outcome row (rotarod latency, 28 d) for the same three arms.</summary>
    public static OutcomeRow Rotarod() => new()
    {
        Outcome = "rotarodLatency", Unit = "s", TimePoint = new Quantity(28, "d"), Source = DataSource.Text,
        Arms =
        [
            new() { ArmId = "pbs", Reported = ReportedSummary.MeanSd, Mean = 60, Sd = 12, N = 10 },
            new() { ArmId = "low", Reported = ReportedSummary.MeanSd, Mean = 95, Sd = 15, N = 10 },
            new() { ArmId = "high", Reported = ReportedSummary.MeanSd, Mean = 110, Sd = 14, N = 10 },
        ],
    };
}
