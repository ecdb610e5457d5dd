using EvSysReview.Contracts.Screening;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Statistics;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Screening.Decisions;

/// <summary>
/// Core's effects, one to one, as integration events in the same commit as the item (the exclusion
/// of an included study also as StudyWithdrawn); a record advanced to full text also gets its
/// full-text item in that commit. A reviewer's own decision goes out only where the deployment asks
/// for it (<see cref="ScreeningEventOptions.PublishReviewerDecisions"/>). Every event carries the
/// correlation id of what caused it: the request's X-Correlation-Id, or the consumed event's.
/// </summary>
public static class EffectEvents
{
    public const string ByReviewers = "reviewers";
    public const string ByRetraction = "retraction";

    public static async Task AddAsync(UnitOfWork work, ScreeningRepository repository, ItemDocument before, ItemOutcome outcome, ProjectSettings settings, ScreeningEventOptions events, Guid correlationId, CancellationToken cancellationToken)
    {
        var after = outcome.Document;
        var projectId = after.ProjectId;
        var stage = StageNames.Of(after.Stage);
        foreach (var effect in outcome.Effects)
        {
            switch (effect)
            {
                case DecisionRecordedEffect d when events.PublishReviewerDecisions:
                    work.Publish(new DecisionRecorded
                    {
                        ProjectId = projectId, CorrelationId = correlationId, ItemId = after.ItemId, RecordId = after.RecordId, Stage = stage,
                        Reviewer = d.Decision.ReviewerId, Decision = StageNames.Decision(d.Decision.Kind), Reason = d.Decision.ExclusionReason,
                    });
                    break;
                case DecisionWithdrawnEffect w:
                    work.Publish(new DecisionWithdrawn
                    {
                        ProjectId = projectId, CorrelationId = correlationId, ItemId = after.ItemId, RecordId = after.RecordId, Stage = stage,
                        Reviewer = w.Withdrawn.ReviewerId, ConflictClosed = w.ConflictClosed,
                    });
                    break;
                case RetractionOverriddenEffect o:
                    work.Publish(new RetractionOverridden
                    {
                        ProjectId = projectId, CorrelationId = correlationId, ItemId = after.ItemId, RecordId = after.RecordId, Stage = stage,
                        Lead = o.Override.LeadId, Note = o.Override.Note, Status = after.Item.Status.ToString().ToLowerInvariant(),
                    });
                    break;
                case ConflictRaisedEffect:
                    work.Publish(new ConflictRaised { ProjectId = projectId, CorrelationId = correlationId, ItemId = after.ItemId, RecordId = after.RecordId, Stage = stage });
                    break;
                case ConflictResolvedEffect r:
                    work.Publish(new ConflictResolved
                    {
                        ProjectId = projectId, CorrelationId = correlationId, ItemId = after.ItemId, RecordId = after.RecordId, Stage = stage,
                        ResolvedBy = r.Adjudication?.ResolverId ?? (after.Item.Outcome?.Basis == FinalBasis.Retraction ? ByRetraction : ByReviewers),
                        Decision = StageNames.Decision(after.Item.Outcome!.Kind),
                        Reason = after.Item.Outcome.ExclusionReason,
                    });
                    break;
                case RecordAdvancedEffect:
                    work.Publish(new RecordAdvanced { ProjectId = projectId, CorrelationId = correlationId, RecordId = after.RecordId, FromStage = StageNames.TitleAbstract, ToStage = StageNames.FullText });
                    if (await repository.ItemAsync(projectId, after.RecordId, ScreeningStage.FullText, cancellationToken) is null)
                    {
                        var fullText = after with
                        {
                            Item = ScreeningItem.Open(ItemDocument.ItemIdFor(after.RecordId, ScreeningStage.FullText), after.Item.CitationId, ScreeningStage.FullText),
                            StudyDesign = null,
                        };
                        ScreeningRepository.PutItem(work, fullText, 0);
                    }

                    break;
                case StudyIncludedEffect:
                    work.Publish(new StudyIncluded { ProjectId = projectId, CorrelationId = correlationId, StudyId = after.RecordId, Citation = after.Citation, StudyDesign = after.StudyDesign ?? "animal" });
                    break;
                case StudyExcludedEffect e:
                    var reason = e.ExclusionReason ?? StageStatistics.NoReasonGiven;
                    var wasIncluded = WasIncludedStudy(before, settings);
                    var occurredAt = DateTimeOffset.UtcNow;
                    work.Publish(new StudyExcluded
                    {
                        ProjectId = projectId, CorrelationId = correlationId, OccurredAt = occurredAt, StudyId = after.RecordId, Stage = stage,
                        Reason = reason, WasIncluded = wasIncluded,
                    });
                    // Only the exclusion of an included study concerns extraction and risk of bias.
                    if (wasIncluded)
                    {
                        work.Publish(new StudyWithdrawn
                        {
                            ProjectId = projectId, CorrelationId = correlationId, OccurredAt = occurredAt, StudyId = after.RecordId, Stage = stage, Reason = reason,
                        });
                    }

                    break;
            }
        }
    }

    /// <summary>Whether StudyIncluded went out for this item: a final include at the last stage.</summary>
    public static bool WasIncludedStudy(ItemDocument item, ProjectSettings settings) =>
        item.Item.Status == ItemStatus.Final && item.Item.Outcome is { IsInclude: true }
        && (item.Stage == ScreeningStage.FullText || !settings.Protocol.FullTextEnabled);
}
