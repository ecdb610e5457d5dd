using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Decisions;

/// <summary>
/// POST .../items/{itemId}/decisions and the conflict resolution body. Reason is an exclusion
/// reason of the protocol (required to exclude at full text); StudyDesign (animal, randomised,
/// non-randomised) may come with a full-text include and picks the risk-of-bias tool downstream.
/// </summary>
public sealed record DecisionRequest(string? Decision, string? Reason, string? Note, string? StudyDesign)
{
    public const int MaxNoteLength = 4000;

    public static IReadOnlyList<string> StudyDesigns => Contracts.Screening.StudyDesigns.All;

    /// <returns>(field, reason) of the first problem, or null.</returns>
    public (string Field, string Reason)? Problem()
    {
        if (Kind is null) return ("decision", "Give decision: include, exclude or maybe.");
        if (Note is { Length: > MaxNoteLength }) return ("note", $"A note has at most {MaxNoteLength} characters.");
        if (StudyDesign is not null && !StudyDesigns.Contains(StudyDesign)) return ("studyDesign", $"studyDesign is one of: {string.Join(", ", StudyDesigns)}.");
        if (StudyDesign is not null && Kind != DecisionKind.Include) return ("studyDesign", "A study design goes only with an include.");
        return null;
    }

    public DecisionKind? Kind => Decision?.Trim().ToLowerInvariant() switch
    {
        "include" => DecisionKind.Include,
        "exclude" => DecisionKind.Exclude,
        "maybe" => DecisionKind.Maybe,
        _ => null,
    };

    public string? CleanReason => string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim();

    public string? CleanNote => string.IsNullOrWhiteSpace(Note) ? null : Note.Trim();
}
