namespace EvSysReview.Screening.Core.Decisions;

/// <summary>What the viewer may see of an item's status: a blinded reviewer cannot tell a conflict from an open item.</summary>
public enum ViewStatus
{
    Open,
    Conflict,
    Final,
}

/// <summary>
/// An item as one person may see it. Blinded screening: while the item is not final, a
/// reviewer sees only their own decision, not even how many others have decided.
/// </summary>
public sealed record ScreeningItemView(
    Guid ItemId,
    string CitationId,
    ScreeningStage Stage,
    ViewStatus Status,
    ScreeningDecision? OwnDecision,
    bool OthersHidden,
    IReadOnlyList<ScreeningDecision> OtherDecisions,
    FinalOutcome? Outcome,
    bool Retracted,
    long Version)
{
    /// <param name="blinded">The protocol's choice; unblinded screening shows every member every decision at once.</param>
    public static ScreeningItemView For(ScreeningItem item, string viewerId, ScreeningRole role, bool blinded = true)
    {
        // Adjudicators must read both sides of a conflict to resolve it; nobody sees another
        // reviewer's decision on an item still awaiting decisions. A retraction makes the item
        // final without anyone's decisions settling it, and a lead's override returns it to them
        // (awaiting, conflict), so only an item final by its decisions or an adjudication lifts blinding.
        var finalByDecisions = item.Status == ItemStatus.Final && item.Outcome is not { Basis: FinalBasis.Retraction };
        var visible = !blinded || finalByDecisions || (item.Status == ItemStatus.Conflict && role.CanAdjudicate());
        var status = item.Status switch
        {
            ItemStatus.Final => ViewStatus.Final,
            ItemStatus.Conflict when visible => ViewStatus.Conflict,
            _ => ViewStatus.Open,
        };
        var others = visible ? item.Decisions.Where(d => d.ReviewerId != viewerId).ToList() : [];
        return new ScreeningItemView(
            item.ItemId,
            item.CitationId,
            item.Stage,
            status,
            item.DecisionOf(viewerId),
            !visible,
            others,
            item.Outcome,
            item.Retraction is { IsActive: true },
            item.Version);
    }
}
