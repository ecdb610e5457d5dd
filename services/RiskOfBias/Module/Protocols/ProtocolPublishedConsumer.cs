using EvSysReview.Contracts.Reviews;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.RiskOfBias.Protocols;

/// <summary>
/// Keeps the design → tool map and gives tasks that nobody has started their (new) tool. A task
/// already being assessed keeps its tool: an amendment must not silently invalidate answers.
/// </summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<RiskOfBiasModule> store, OutboxSignal<RiskOfBiasModule> signal)
    : IdempotentConsumer<RiskOfBiasModule, ProtocolPublished>(store, signal)
{
    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var key = ToolChoice.Key(message.ProjectId);
        var stored = await Store.GetAsync(ToolChoice.Collection, key, cancellationToken);
        if (stored is not null && StoreJson.Read<ToolChoice>(stored).ProtocolVersion >= message.Version) return;

        var choice = new ToolChoice(message.ProjectId, message.Version, ToolChoice.ReadMap(message.Protocol));
        work.Put(ToolChoice.Collection, key, key, choice, stored?.Version ?? 0);

        foreach (var document in await Store.ListAsync(StudyAssessment.Collection, key, cancellationToken))
        {
            var task = StoreJson.Read<StudyAssessment>(document);
            if (task.HasStarted) continue;
            var (toolId, problem) = ToolChoice.For(choice, task.StudyDesign);
            if (toolId == task.ToolId && problem == task.ToolProblem) continue;
            work.Put(StudyAssessment.Collection, document.Id, key, task with { ToolId = toolId, ToolProblem = problem }, document.Version);
        }
    }
}
