using EvSysReview.Extraction.Core.Conversions;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>Builds the synthesis payload from a consensus (or verified) entry.</summary>
public static class FinalizedExtractionBuilder
{
    /// <param name="form">The form version the entry was made with.</param>
    /// <exception cref="InvalidExtractionEntryException">The entry does not pass submission validation.</exception>
    public static FinalizedExtraction Build(ExtractionForm form, ExtractionEntry consensus, string? studyLabel = null)
    {
        var errors = ExtractionEntryValidator.Validate(form, consensus, ValidationStage.Submission);
        if (errors.Count > 0)
            throw new InvalidExtractionEntryException(errors);

        var arms = consensus.Arms.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var comparisons = new List<OutcomeComparison>();
        foreach (var row in consensus.Outcomes)
        {
            var definition = form.Outcomes.Find(row.Outcome);
            var data = row.Arms.ToDictionary(a => a.ArmId, StringComparer.Ordinal);
            foreach (var comparison in consensus.Comparisons.Where(c => data.ContainsKey(c.TreatmentArmId) && data.ContainsKey(c.ControlArmId)))
            {
                comparisons.Add(new OutcomeComparison
                {
                    Key = OutcomeRowKey.Of(row.Outcome, row.TimePoint, comparison.Id),
                    Outcome = row.Outcome,
                    OutcomeLabel = definition?.Label ?? row.Outcome,
                    Domain = definition?.Domain,
                    DataType = data[comparison.TreatmentArmId].Reported == ReportedSummary.EventsTotal
                        ? OutcomeDataType.Dichotomous
                        : OutcomeDataType.Continuous,
                    // Validation guarantees a direction for outcomes the form does not list.
                    Direction = row.Direction ?? definition!.DefaultDirection,
                    Unit = row.Unit!,
                    TimePoint = row.TimePoint!,
                    ComparisonId = comparison.Id,
                    ComparisonLabel = comparison.Label ?? $"{arms[comparison.TreatmentArmId].Label} vs {arms[comparison.ControlArmId].Label}",
                    Treatment = ToAnalysisArm(arms[comparison.TreatmentArmId], data[comparison.TreatmentArmId]),
                    Control = ToAnalysisArm(arms[comparison.ControlArmId], data[comparison.ControlArmId]),
                    Source = row.Source!.Value,
                    SourceLocation = row.SourceLocation,
                });
            }
        }

        return new FinalizedExtraction
        {
            StudyId = consensus.StudyId,
            StudyLabel = studyLabel ?? consensus.StudyId,
            FormId = consensus.FormId,
            FormVersion = consensus.FormVersion,
            StudyFields = consensus.Fields,
            Comparisons = SharedControlCorrection.Apply(comparisons),
        };
    }

    private static AnalysisArm ToAnalysisArm(ArmDefinition arm, ArmOutcomeData data)
    {
        var estimate = ArmSummaryConversion.ToEstimate(data);
        return new AnalysisArm
        {
            ArmId = arm.Id,
            Label = arm.Label,
            Mean = estimate.Mean,
            Sd = estimate.Sd,
            N = estimate.N,
            ReportedN = estimate.N,
            Events = estimate.Events,
            ReportedEvents = estimate.Events,
            SdSource = estimate.SdSource,
            ConversionMethod = estimate.ConversionMethod,
        };
    }
}
