using System.Globalization;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Tasks;

namespace EvSysReview.Extraction.Finalisation;

/// <summary>The core's finalised payload as the ExtractionFinalized integration event the synthesis consumes.</summary>
public static class ExtractionFinalizedMapping
{
    public static ExtractionFinalized ToEvent(StudyTask task, FinalizedExtraction extraction, int revision, Guid correlationId) => new()
    {
        ProjectId = task.ProjectId,
        StudyId = task.StudyId,
        Revision = revision,
        StudyLabel = extraction.StudyLabel,
        Year = task.Year,
        StudyFields = extraction.StudyFields
            .Select(f => (f.Key, Text: StudyFieldText.Of(f.Value)))
            .Where(f => f.Text is not null)
            .ToDictionary(f => f.Key, f => f.Text!),
        Outcomes = extraction.Comparisons.Select(ToOutcome).ToList(),
        CorrelationId = correlationId,
    };

    private static OutcomeComparisonData ToOutcome(OutcomeComparison c) => new()
    {
        Key = c.Key,
        Outcome = c.Outcome,
        TimePoint = c.TimePoint.ToString(),
        Comparison = c.ComparisonLabel,
        Direction = c.Direction == OutcomeDirection.HigherIsBetter ? "higher-is-better" : "higher-is-worse",
        Unit = c.Unit,
        Treatment = ToArm(c.Treatment),
        Control = ToArm(c.Control),
        SharedControl = c.SharedControl,
        FromFigure = c.FromFigure,
        Converted = c.Converted,
    };

    private static ArmData ToArm(AnalysisArm arm) => new(arm.Mean, arm.Sd, arm.N, arm.Events);
}

/// <summary>
/// A study-level answer as text for subgroups and moderators. Choices and checklist items are
/// given by their stable option keys ("alzheimers", "boneMarrow"), not labels, so a reworded label
/// in a later form version does not split a subgroup.
/// </summary>
public static class StudyFieldText
{
    public static string? Of(FieldValue value)
    {
        if (value.NotReported == true) return "not reported";
        if (value.Choice is { } choice) return choice == "other" && !string.IsNullOrWhiteSpace(value.OtherText) ? value.OtherText : choice;
        if (value.Checked is { } items)
        {
            var all = items.Where(i => i != "other").ToList();
            if (!string.IsNullOrWhiteSpace(value.OtherText)) all.Add(value.OtherText);
            return string.Join("; ", all);
        }

        if (value.Number is { } number) return Quantity(number, value.Unit);
        if (value.Values is { } values) return string.Join("; ", values.Select(v => Quantity(v.Value, v.Unit)));
        return value.Text;
    }

    private static string Quantity(double number, string? unit)
    {
        var text = number.ToString("R", CultureInfo.InvariantCulture);
        return string.IsNullOrEmpty(unit) ? text : $"{text} {unit}";
    }
}
