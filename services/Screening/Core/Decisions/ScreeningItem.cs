using EvSysReview.Screening.Core.Conflicts;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Decisions;

/// <summary>
/// One citation at one stage. Immutable: every command returns the next item plus its effects,
/// so the service can store both in one conditional write (Version is the concurrency token).
/// Status and Outcome are stored rather than derived on read so that a later protocol change
/// (say, dual to single screening) does not silently finalise items nobody touched.
/// </summary>
public sealed record ScreeningItem
{
    public required Guid ItemId { get; init; }

    public required string CitationId { get; init; }

    public required ScreeningStage Stage { get; init; }

    public long Version { get; init; }

    /// <summary>Each reviewer's current decision, in the order reviewers first decided.</summary>
    public IReadOnlyList<ScreeningDecision> Decisions { get; init; } = [];

    public ItemStatus Status { get; init; } = ItemStatus.AwaitingDecisions;

    public FinalOutcome? Outcome { get; init; }

    /// <summary>Why the item is (or last was) in conflict, as its current decisions say; kept after resolution for statistics.</summary>
    public ConflictReason? ConflictReason { get; init; }

    public DateTimeOffset? ConflictRaisedAt { get; init; }

    public Adjudication? Adjudication { get; init; }

    public Retraction? Retraction { get; init; }

    /// <summary>When the item became final (for "consecutive excludes" and the living view).</summary>
    public DateTimeOffset? FinalisedAt { get; init; }

    public bool HasOpenConflict => Status == ItemStatus.Conflict;

    public bool HasResolvedConflict => ConflictRaisedAt is not null && Status == ItemStatus.Final;

    public static ScreeningItem Open(Guid itemId, string citationId, ScreeningStage stage) =>
        new() { ItemId = itemId, CitationId = citationId, Stage = stage };

    public ScreeningDecision? DecisionOf(string reviewerId) =>
        Decisions.FirstOrDefault(d => d.ReviewerId == reviewerId);

    /// <summary>The item as the viewer may see it (blinded while not final).</summary>
    public ScreeningItemView ViewFor(string viewerId, ScreeningRole role) => ScreeningItemView.For(this, viewerId, role, blinded: true);

    /// <summary>The item as the viewer may see it under the protocol: blinded while not final unless the protocol turns blinding off.</summary>
    public ScreeningItemView ViewFor(string viewerId, ScreeningRole role, ScreeningProtocol protocol) => ScreeningItemView.For(this, viewerId, role, protocol.Blinded);

    /// <summary>Records or changes a reviewer's own decision; refused once the item is final.</summary>
    public ScreeningChange Decide(ScreeningDecision decision, ScreeningProtocol protocol)
    {
        if (Status == ItemStatus.Final)
        {
            throw new ScreeningRuleException("item", "item_final", "The item is final; decisions can no longer change.");
        }

        if (decision.Kind == DecisionKind.Exclude && decision.ExclusionReason is null && Stage == ScreeningStage.FullText)
        {
            throw new ScreeningRuleException("exclusionReason", "reason_required", "An exclusion at full text needs a reason from the protocol.");
        }

        CheckReason(decision.Kind, decision.ExclusionReason, protocol);

        var existing = DecisionOf(decision.ReviewerId);
        if (existing is null && Decisions.Count >= protocol.ReviewersPerItem)
        {
            throw new ScreeningRuleException("reviewerId", "enough_reviewers", $"The item already has the {protocol.ReviewersPerItem} decision(s) the protocol needs.");
        }

        var decisions = existing is null
            ? Decisions.Append(decision).ToList()
            : Decisions.Select(d => d.ReviewerId == decision.ReviewerId ? decision : d).ToList();

        var next = this with { Decisions = decisions };
        var recorded = new DecisionRecordedEffect(ItemId, CitationId, Stage, decision, existing is not null);
        return next.Settle(protocol, decision.DecidedAt, recorded);
    }

    /// <summary>
    /// A reviewer takes back their own decision (the web UI's undo) while the item is not final; the
    /// item awaits decisions again, and a conflict the decision made is open no more.
    /// </summary>
    public ScreeningChange Withdraw(string reviewerId, DateTimeOffset at, ScreeningProtocol protocol)
    {
        if (Status == ItemStatus.Final)
        {
            throw new ScreeningRuleException("item", "item_final", "The item is final; decisions can no longer change.");
        }

        var own = DecisionOf(reviewerId) ?? throw new ScreeningRuleException("decision", "no_decision", "You have no decision on this item to withdraw.");
        var withdrawn = new DecisionWithdrawnEffect(ItemId, CitationId, Stage, own, ConflictClosed: Status == ItemStatus.Conflict);
        var remaining = this with { Decisions = Decisions.Where(d => d.ReviewerId != reviewerId).ToList() };
        return remaining.Settle(protocol, at, withdrawn, previous: this);
    }

    /// <summary>A methodologist or lead resolves an open conflict to include or exclude, with a note.</summary>
    public ScreeningChange Resolve(Adjudication adjudication, ScreeningProtocol protocol)
    {
        if (!adjudication.ResolverRole.CanAdjudicate())
        {
            throw new ScreeningRuleException("role", "not_adjudicator", "Only a methodologist or lead resolves conflicts.");
        }

        if (Status != ItemStatus.Conflict)
        {
            throw new ScreeningRuleException("item", "no_conflict", "The item has no open conflict.");
        }

        if (string.IsNullOrWhiteSpace(adjudication.Note))
        {
            throw new ScreeningRuleException("note", "note_required", "A conflict resolution needs a note.");
        }

        if (adjudication.Kind == DecisionKind.Maybe)
        {
            throw new ScreeningRuleException("decision", "maybe_not_final", "A conflict resolves to include or exclude.");
        }

        if (adjudication.Kind == DecisionKind.Exclude && adjudication.ExclusionReason is null && Stage == ScreeningStage.FullText)
        {
            throw new ScreeningRuleException("exclusionReason", "reason_required", "An exclusion at full text needs a reason from the protocol.");
        }

        CheckReason(adjudication.Kind, adjudication.ExclusionReason, protocol);
        return (this with { Adjudication = adjudication }).Settle(protocol, adjudication.ResolvedAt);
    }

    /// <summary>The citation was retracted: flag it and exclude it with reason "retracted". Idempotent.</summary>
    public ScreeningChange Retract(DateTimeOffset flaggedAt, ScreeningProtocol protocol)
    {
        if (Retraction is not null)
        {
            return new ScreeningChange(this, []);
        }

        var flagged = new CitationFlaggedRetractedEffect(ItemId, CitationId, Stage);
        return (this with { Retraction = new Retraction(flaggedAt, null) }).Settle(protocol, flaggedAt, flagged);
    }

    /// <summary>A lead keeps a retracted citation; the item returns to what its decisions say.</summary>
    public ScreeningChange OverrideRetraction(string leadId, ScreeningRole role, string note, DateTimeOffset at, ScreeningProtocol protocol)
    {
        if (role != ScreeningRole.Lead)
        {
            throw new ScreeningRuleException("role", "not_lead", "Only a lead overrides a retraction.");
        }

        if (Retraction is not { IsActive: true } retraction)
        {
            throw new ScreeningRuleException("item", "not_retracted", "The item carries no active retraction.");
        }

        if (string.IsNullOrWhiteSpace(note))
        {
            throw new ScreeningRuleException("note", "note_required", "Overriding a retraction needs a note.");
        }

        var kept = new RetractionOverride(leadId, note, at);
        var overridden = new RetractionOverriddenEffect(ItemId, CitationId, Stage, kept);
        var reopened = this with { Retraction = retraction with { Override = kept }, Status = ItemStatus.AwaitingDecisions, Outcome = null, FinalisedAt = null };
        return reopened.Settle(protocol, at, overridden, previous: this);
    }

    private static void CheckReason(DecisionKind kind, string? reason, ScreeningProtocol protocol)
    {
        if (reason is null)
        {
            return;
        }

        if (kind != DecisionKind.Exclude)
        {
            throw new ScreeningRuleException("exclusionReason", "reason_without_exclude", "An exclusion reason goes only with an exclude.");
        }

        if (!protocol.IsKnownExclusionReason(reason))
        {
            throw new ScreeningRuleException("exclusionReason", "unknown_reason", $"'{reason}' is not an exclusion reason of the protocol.");
        }
    }

    /// <summary>Recomputes status and outcome, bumps the version and lists the effects of the change.</summary>
    private ScreeningChange Settle(ScreeningProtocol protocol, DateTimeOffset at, ScreeningEffect? cause = null, ScreeningItem? previous = null)
    {
        var before = previous ?? this;
        var (status, outcome, conflict) = ItemEvaluation.Evaluate(this, protocol);
        var effects = new List<ScreeningEffect>();
        if (cause is not null)
        {
            effects.Add(cause);
        }

        var next = this with { Status = status, Outcome = outcome, Version = before.Version + 1 };
        if (status == ItemStatus.Conflict)
        {
            // A changed decision can keep the item in conflict for another reason (reasons differ →
            // include vs exclude): the adjudicator reads the current one. Raised only on entering.
            next = next with { ConflictReason = conflict, ConflictRaisedAt = next.ConflictRaisedAt ?? at };
            if (before.Status != ItemStatus.Conflict) effects.Add(new ConflictRaisedEffect(ItemId, CitationId, Stage, conflict!.Value));
        }

        if (status == ItemStatus.Final)
        {
            next = next with { FinalisedAt = before.Status == ItemStatus.Final && before.Outcome == outcome ? before.FinalisedAt : at };
            if (before.Status == ItemStatus.Conflict)
            {
                effects.Add(new ConflictResolvedEffect(ItemId, CitationId, Stage, outcome!.Basis == FinalBasis.Adjudication ? Adjudication : null));
            }

            if (before.Status != ItemStatus.Final || before.Outcome != outcome)
            {
                effects.Add(OutcomeEffect(outcome!, protocol));
            }
        }

        return new ScreeningChange(next, effects);
    }

    private ScreeningEffect OutcomeEffect(FinalOutcome outcome, ScreeningProtocol protocol)
    {
        if (!outcome.IsInclude)
        {
            return new StudyExcludedEffect(ItemId, CitationId, Stage, outcome.ExclusionReason, outcome.Basis);
        }

        return Stage == ScreeningStage.TitleAbstract && protocol.FullTextEnabled
            ? new RecordAdvancedEffect(ItemId, CitationId)
            : new StudyIncludedEffect(ItemId, CitationId, Stage);
    }
}
