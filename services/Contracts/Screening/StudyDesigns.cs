namespace EvSysReview.Contracts.Screening;

/// <summary>
/// The study designs a full-text include may name (<see cref="StudyIncluded.StudyDesign"/>). One list,
/// so a protocol's risk-of-bias tool map and a screening decision cannot drift apart: a design the
/// protocol maps that screening never sends would leave its tool unused.
/// </summary>
public static class StudyDesigns
{
    public static readonly IReadOnlyList<string> All = ["animal", "randomised", "non-randomised"];
}
