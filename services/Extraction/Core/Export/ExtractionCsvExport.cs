using System.Globalization;
using System.Text;
using EvSysReview.Extraction.Core.Conversions;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Export;

/// <summary>
/// One row per outcome comparison of finalised extractions, with the columns a meta-analyst loads
/// into R or RevMan. n is the n to analyse (split for shared arms); the reported n sits beside it.
/// Numbers use the invariant culture and round-trip; flags are TRUE/FALSE; RFC 4180 quoting.
/// </summary>
public static class ExtractionCsvExport
{
    public static IReadOnlyList<string> Columns { get; } =
    [
        "study_id", "study", "outcome", "outcome_label", "domain", "data_type", "direction", "unit",
        "time_point", "time_unit", "comparison_id", "comparison",
        "treatment_arm", "treatment_mean", "treatment_sd", "treatment_n", "treatment_n_reported", "treatment_events",
        "treatment_sd_source", "treatment_converted_method",
        "control_arm", "control_mean", "control_sd", "control_n", "control_n_reported", "control_events",
        "control_sd_source", "control_converted_method",
        "shared_control", "control_shared_by", "source", "source_location", "from_figure",
    ];

    public static string Write(IEnumerable<FinalizedExtraction> extractions)
    {
        var csv = new StringBuilder(CsvField.Line(Columns));
        foreach (var extraction in extractions)
        {
            foreach (var comparison in extraction.Comparisons)
                csv.Append(CsvField.Line(Row(extraction, comparison)));
        }

        return csv.ToString();
    }

    private static IEnumerable<string?> Row(FinalizedExtraction extraction, OutcomeComparison c) =>
    [
        extraction.StudyId, extraction.StudyLabel, c.Outcome, c.OutcomeLabel, c.Domain,
        c.DataType == OutcomeDataType.Dichotomous ? "dichotomous" : "continuous",
        c.Direction == OutcomeDirection.HigherIsBetter ? "higher_is_better" : "higher_is_worse",
        c.Unit, Number(c.TimePoint.Value), c.TimePoint.Unit, c.ComparisonId, c.ComparisonLabel,
        .. Arm(c.Treatment), .. Arm(c.Control),
        Flag(c.SharedControl), c.Control.SharedBy.ToString(CultureInfo.InvariantCulture),
        c.Source.ToString().ToLowerInvariant(), c.SourceLocation, Flag(c.FromFigure),
    ];

    private static IEnumerable<string?> Arm(AnalysisArm arm) =>
    [
        arm.Label, Number(arm.Mean), Number(arm.Sd), Number(arm.N), arm.ReportedN.ToString(CultureInfo.InvariantCulture),
        Number(arm.Events), SdSourceName(arm.SdSource), arm.ConversionMethod,
    ];

    private static string? SdSourceName(SdSource? source) => source?.ToString().ToLowerInvariant();

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "TRUE" : "FALSE";
}
