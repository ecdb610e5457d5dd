using System.Security.Claims;
using EvSysReview.Screening.Core.Agreement;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Statistics;
using EvSysReview.Screening.Http;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Queue;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Screening.Statistics;

/// <summary>
/// Counts per stage and Cohen's kappa per reviewer pair, readable by every member. Blinding holds
/// here too: agreement is computed over final items only, and a reviewer or observer is not told
/// how many items are in conflict (the count would move the moment their own decision made one,
/// revealing the other reviewer's decision); they see those items as awaiting decisions.
/// </summary>
public static class StatisticsEndpoints
{
    public static RouteGroupBuilder MapStatistics(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/statistics", GetAsync).RequireProjectRole<ScreeningModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, ClaimsPrincipal user, ScreeningRepository repository, ProjectAccess<ScreeningModule> access, CancellationToken cancellationToken)
    {
        var caller = await Caller.OfAsync(access, projectId, user, cancellationToken);
        // Unblinded screening shows everyone every decision, so the conflict count is no secret either.
        var adjudicator = caller.ScreeningRole.CanAdjudicate() || !(await repository.SettingsAsync(projectId, cancellationToken)).Blinded;
        var items = await repository.ItemsAsync(projectId, cancellationToken);
        var stages = new Dictionary<string, StageView>();
        var agreement = new List<AgreementView>();
        foreach (var stage in new[] { ScreeningStage.TitleAbstract, ScreeningStage.FullText })
        {
            var stored = await repository.RankingAsync(projectId, stage, cancellationToken);
            var ranking = stored?.Result;
            var core = StageStatistics.Compute(stage, items.Select(i => i.Item), ranking?.IneligibleByAutomation.Select(r => r.ItemId));
            var progress = QueueOrder.Progress(items, stage, ranking);
            stages[StageNames.Of(stage)] = new StageView(
                core.Items,
                core.Screened,
                progress.Remaining,
                adjudicator ? core.AwaitingDecisions : core.AwaitingDecisions + core.ConflictsOpen,
                core.Included,
                core.Excluded,
                core.ExcludedByReason,
                adjudicator ? core.ConflictsOpen : null,
                core.ConflictsResolved,
                core.Retracted,
                core.IneligibleByAutomation,
                stored?.AnnouncedIneligible.Count ?? 0,
                progress.EstimatedRelevantRemaining,
                progress.ConsecutiveExcludes,
                ranking is null ? null : new RankingView(ranking.Basis, stored!.RankedAt, Placed(ranking, items, stage, adjudicator), ranking.LabelledIncludes, ranking.LabelledExcludes, ranking.CalibratedOn));
            var final = items.Where(i => i.Stage == stage && i.Item.Status == ItemStatus.Final).Select(i => i.Item);
            agreement.AddRange(ReviewerPairAgreement.ForItems(final).Select(p => AgreementView.Of(StageNames.Of(stage), p)));
        }

        return TypedResults.Json(new StatisticsView(stages, agreement), ScreeningJson.Options);
    }

    /// <summary>
    /// The open items the ranking placed. The ranker places only items awaiting decisions, so for the
    /// blinded, who see open conflicts as awaiting, awaiting − placed would be the conflict count: they
    /// get the open conflicts the ranking has not placed added. Not the current count plus the ranked
    /// count: until the next rerank an item that just entered conflict is in both, and the figure moving
    /// by one would tell its reviewer the other disagreed.
    /// </summary>
    private static int Placed(RankingResult ranking, IReadOnlyList<ItemDocument> items, ScreeningStage stage, bool adjudicator)
    {
        var placed = ranking.Order.Count + ranking.IneligibleByAutomation.Count;
        if (adjudicator) return placed;
        var conflicts = items.Where(i => i.Stage == stage && i.Item.HasOpenConflict).Select(i => i.ItemId).ToHashSet();
        if (conflicts.Count == 0) return placed;
        var alreadyPlaced = ranking.Order.Count(r => conflicts.Contains(r.ItemId)) + ranking.IneligibleByAutomation.Count(r => conflicts.Contains(r.ItemId));
        return placed + conflicts.Count - alreadyPlaced;
    }
}

public sealed record StatisticsView(IReadOnlyDictionary<string, StageView> Stages, IReadOnlyList<AgreementView> Agreement);

/// <summary>
/// ConflictsOpen is null for reviewers and observers (see StatisticsEndpoints).
/// IneligibleByAutomation counts open items the model currently sets apart; ExcludedByAutomation
/// those announced as StudyExcluded{ByAutomation}; neither is part of Excluded.
/// </summary>
public sealed record StageView(
    int Items,
    int Screened,
    int Remaining,
    int Awaiting,
    int Included,
    int Excluded,
    IReadOnlyDictionary<string, int> ExcludedByReason,
    int? ConflictsOpen,
    int ConflictsResolved,
    int Retracted,
    int IneligibleByAutomation,
    int ExcludedByAutomation,
    double? EstimatedRelevantRemaining,
    int ConsecutiveExcludes,
    RankingView? Ranking);

/// <summary>
/// The stage's last ranking: what ordered it, when, how many open items it placed (items that
/// arrived since follow at the end of the queue until the next rerank), the labels it learned from,
/// and how many labelled records the probabilities' Platt mapping was fitted on (RankingResult.CalibratedOn).
/// </summary>
public sealed record RankingView(RankingBasis Basis, DateTimeOffset RankedAt, int Items, int LabelledIncludes, int LabelledExcludes, int? CalibratedOn);

public sealed record AgreementView(string Stage, string ReviewerA, string ReviewerB, int N, double ObservedAgreement, double? Kappa, double? StandardError, double? CiLower, double? CiUpper)
{
    public static AgreementView Of(string stage, ReviewerPairAgreement pair) => new(
        stage, pair.FirstReviewerId, pair.SecondReviewerId, pair.N, pair.Estimate.ObservedAgreement, pair.Estimate.Kappa, pair.Estimate.StandardError, pair.Estimate.Lower95, pair.Estimate.Upper95);
}
