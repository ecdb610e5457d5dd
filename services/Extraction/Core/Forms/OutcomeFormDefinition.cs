namespace EvSysReview.Extraction.Core.Forms;

/// <summary>The outcome-level part of a form: which outcomes, which time units.</summary>
public sealed record OutcomeFormDefinition
{
    public IReadOnlyList<OutcomeDefinition> Outcomes { get; init; } = [];

    /// <summary>Rows may name an outcome the protocol did not list (reviewers meet new tests in papers).</summary>
    public bool AllowOtherOutcomes { get; init; } = true;

    public IReadOnlyList<string> TimePointUnits { get; init; } = ["min", "h", "d", "wk", "mo"];

    public OutcomeDefinition? Find(string outcomeKey) =>
        Outcomes.FirstOrDefault(o => o.Key == outcomeKey);
}
