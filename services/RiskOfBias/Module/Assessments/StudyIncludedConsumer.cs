using EvSysReview.Contracts.Screening;
using EvSysReview.RiskOfBias.Protocols;
using EvSysReview.ServiceDefaults.Citations;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>
/// StudyIncluded creates the study's assessment task, with the tool the protocol names for its
/// design (or none yet, with the reason, until ProtocolPublished says). A study included again
/// after an exclusion gets its task back.
/// </summary>
public sealed class StudyIncludedConsumer(ModuleStore<RiskOfBiasModule> store, OutboxSignal<RiskOfBiasModule> signal)
    : IdempotentConsumer<RiskOfBiasModule, StudyIncluded>(store, signal)
{
    protected override async Task Apply(StudyIncluded message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var partition = message.ProjectId.ToString("N");
        var key = StudyAssessment.Key(message.ProjectId, message.StudyId);
        var stored = await Store.GetAsync(StudyAssessment.Collection, key, cancellationToken);
        var protocol = await Store.GetAsync(ToolChoice.Collection, ToolChoice.Key(message.ProjectId), cancellationToken);
        var (toolId, problem) = ToolChoice.For(protocol is null ? null : StoreJson.Read<ToolChoice>(protocol), message.StudyDesign);
        var label = StudyLabel.Of(message.Citation, message.StudyId);

        if (stored is null)
        {
            work.Put(StudyAssessment.Collection, key, partition, new StudyAssessment
            {
                ProjectId = message.ProjectId,
                StudyId = message.StudyId,
                StudyLabel = label,
                StudyDesign = message.StudyDesign,
                ToolId = toolId,
                ToolProblem = problem,
                InclusionChangedAt = message.OccurredAt,
            }, 0);
            return;
        }

        var task = StoreJson.Read<StudyAssessment>(stored);
        if (message.OccurredAt < task.InclusionChangedAt) return;
        var (next, published) = task.Restore(message.OccurredAt, message.CorrelationId);
        next = next with { StudyLabel = label };
        if (!next.HasStarted) next = next with { StudyDesign = message.StudyDesign, ToolId = toolId, ToolProblem = problem };
        work.Put(StudyAssessment.Collection, key, partition, next, stored.Version);
        if (published is not null) work.Publish(published);
    }
}
