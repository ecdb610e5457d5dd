namespace EvSysReview.Screening.Core.Decisions;

public enum DecisionKind
{
    Include,
    Exclude,
    Maybe,
}
