using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Decisions;

/// <summary>The rule that turns decisions, an adjudication and a retraction into a status.</summary>
internal static class ItemEvaluation
{
    public static (ItemStatus Status, FinalOutcome? Outcome, ConflictReason? Conflict) Evaluate(ScreeningItem item, ScreeningProtocol protocol)
    {
        if (item.Retraction is { IsActive: true })
        {
            return (ItemStatus.Final, new FinalOutcome(DecisionKind.Exclude, ScreeningProtocol.RetractedReason, FinalBasis.Retraction), null);
        }

        if (item.Adjudication is { } adjudication)
        {
            return (ItemStatus.Final, new FinalOutcome(adjudication.Kind, adjudication.ExclusionReason, FinalBasis.Adjudication), null);
        }

        var decisions = item.Decisions;
        if (decisions.Count < protocol.ReviewersPerItem || decisions.Count == 0)
        {
            return (ItemStatus.AwaitingDecisions, null, null);
        }

        if (decisions.Any(d => d.Kind == DecisionKind.Maybe))
        {
            return (ItemStatus.Conflict, null, Conflicts.ConflictReason.Maybe);
        }

        var kind = decisions[0].Kind;
        if (decisions.Any(d => d.Kind != kind))
        {
            return (ItemStatus.Conflict, null, Conflicts.ConflictReason.Disagreement);
        }

        var basis = decisions.Count == 1 ? FinalBasis.SingleReviewer : FinalBasis.Agreement;
        if (kind == DecisionKind.Include)
        {
            return (ItemStatus.Final, new FinalOutcome(kind, null, basis), null);
        }

        var reasons = decisions.Select(d => d.ExclusionReason).Where(r => r is not null).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        // PRISMA reports full-text exclusions by reason, so two reasons need a third person;
        // at title/abstract the reason is optional and the first one given stands.
        if (item.Stage == ScreeningStage.FullText && reasons.Count > 1)
        {
            return (ItemStatus.Conflict, null, Conflicts.ConflictReason.ExclusionReasonDiffers);
        }

        return (ItemStatus.Final, new FinalOutcome(kind, reasons.FirstOrDefault(), basis), null);
    }
}
