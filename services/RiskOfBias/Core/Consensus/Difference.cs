namespace EvSysReview.RiskOfBias.Core.Consensus;

public enum DifferenceKind
{
    Answer,
    DomainJudgement,
    OverallJudgement,
}

/// <summary>
/// Where the two assessors differ. <see cref="ItemId"/> is the question id, domain id or
/// "overall"; null values mean that assessor gave none.
/// </summary>
public sealed record Difference(DifferenceKind Kind, string DomainId, string ItemId, string? First, string? Second);
