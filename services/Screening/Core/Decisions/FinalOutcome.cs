namespace EvSysReview.Screening.Core.Decisions;

/// <summary>How an item became final; statistics and PRISMA counts tell these apart.</summary>
public enum FinalBasis
{
    Agreement,
    SingleReviewer,
    Adjudication,
    Retraction,
}

/// <summary>The final decision of an item: Include or Exclude (never Maybe), with the reason for an exclusion.</summary>
public sealed record FinalOutcome(DecisionKind Kind, string? ExclusionReason, FinalBasis Basis)
{
    public bool IsInclude => Kind == DecisionKind.Include;
}
