using EvSysReview.Contracts.Ingestion;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Protocol;

namespace EvSysReview.Screening.Items;

public sealed record HighlightView(string Field, int Start, int Length, string Kind, string Term)
{
    public static HighlightView Of(Highlight h) => new(h.Field.ToString().ToLowerInvariant(), h.Start, h.Length, h.Kind.ToString().ToLowerInvariant(), h.Term);
}

public sealed record DecisionView(string ReviewerId, string Decision, string? Reason, string? Note, DateTimeOffset DecidedAt)
{
    public static DecisionView Of(ScreeningDecision d) => new(d.ReviewerId, StageNames.Decision(d.Kind), d.ExclusionReason, d.Note, d.DecidedAt);
}

public sealed record OutcomeView(string Decision, string? Reason, string Basis);

public sealed record ProgressView(int Screened, int Remaining, double? EstimatedRelevantRemaining, int ConsecutiveExcludes);

/// <summary>
/// An item as the caller may see it, with the citation flat on it (the web UI reads title,
/// abstract, ... at the top level). Built only from Core's ScreeningItemView, so the blinding rule
/// lives in one place (Core): while the item is open, OtherDecisions is empty for everyone but an
/// adjudicator looking at a conflict (or everyone, when the protocol is not blinded).
/// </summary>
public sealed record ItemView(
    Guid ItemId,
    Guid RecordId,
    string Stage,
    string Status,
    string Title,
    string? Abstract,
    IReadOnlyList<AbstractSectionData> AbstractSections,
    IReadOnlyList<string> Authors,
    string? Journal,
    int? Year,
    string? Pmid,
    string? Doi,
    IReadOnlyList<string> MeshTerms,
    IReadOnlyList<string> Keywords,
    bool Retracted,
    IReadOnlyList<HighlightView> Highlights,
    DecisionView? OwnDecision,
    bool OthersHidden,
    IReadOnlyList<DecisionView> OtherDecisions,
    OutcomeView? Outcome,
    IReadOnlyList<string> ExclusionReasons,
    ProgressView? Progress)
{
    public static ItemView Of(ItemDocument document, string viewerId, ScreeningRole role, ProjectSettings settings, HighlightTermSet highlights, ProgressView? progress = null)
    {
        var view = document.Item.ViewFor(viewerId, role, settings.Protocol);
        var c = document.Citation;
        return new ItemView(
            document.ItemId,
            document.RecordId,
            StageNames.Of(document.Stage),
            view.Status.ToString().ToLowerInvariant(),
            c.Title,
            c.Abstract,
            c.AbstractSections,
            c.Authors,
            c.Journal,
            c.Year,
            c.Pmid,
            c.Doi,
            c.MeshTerms,
            c.Keywords,
            view.Retracted || c.Retracted,
            highlights.Find(c.Title, c.Abstract).Select(HighlightView.Of).ToList(),
            view.OwnDecision is null ? null : DecisionView.Of(view.OwnDecision),
            view.OthersHidden,
            view.OtherDecisions.Select(DecisionView.Of).ToList(),
            view.Outcome is null ? null : new OutcomeView(StageNames.Decision(view.Outcome.Kind), view.Outcome.ExclusionReason, view.Outcome.Basis.ToString().ToLowerInvariant()),
            settings.Protocol.ExclusionReasons,
            progress);
    }
}
