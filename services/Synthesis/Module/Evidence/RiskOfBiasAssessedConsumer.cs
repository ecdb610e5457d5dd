using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>The consensus judgement; HighRisk decides membership of the sensitivity analysis.</summary>
public sealed class RiskOfBiasAssessedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence)
    : IdempotentConsumer<SynthesisModule, RiskOfBiasAssessed>(store, signal)
{
    protected override Guid? SerializeOn(RiskOfBiasAssessed message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override Task Apply(RiskOfBiasAssessed message, UnitOfWork work, CancellationToken cancellationToken) =>
        evidence.ApplyAsync(message, message.StudyId, work, study =>
        {
            var order = EvidenceStudy.Order(message.Revision, reopened: false);
            return order <= study.RiskOfBiasOrder ? study : study with { RiskOfBiasOrder = order, HighRisk = message.HighRisk, RiskOfBiasOverall = message.Overall };
        }, cancellationToken);
}
