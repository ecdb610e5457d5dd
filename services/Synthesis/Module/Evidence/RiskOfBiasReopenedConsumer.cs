using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>A reopened judgement is not in force: the study counts as not assessed (kept in the sensitivity analysis).</summary>
public sealed class RiskOfBiasReopenedConsumer(ModuleStore<SynthesisModule> store, OutboxSignal<SynthesisModule> signal, EvidenceChange evidence)
    : IdempotentConsumer<SynthesisModule, RiskOfBiasReopened>(store, signal)
{
    protected override Guid? SerializeOn(RiskOfBiasReopened message) => RecordGate.Key(message.ProjectId, message.StudyId);

    protected override Task Apply(RiskOfBiasReopened message, UnitOfWork work, CancellationToken cancellationToken) =>
        evidence.ApplyAsync(message, message.StudyId, work, study =>
        {
            var order = EvidenceStudy.Order(message.Revision, reopened: true);
            return order <= study.RiskOfBiasOrder ? study : study with { RiskOfBiasOrder = order, HighRisk = null, RiskOfBiasOverall = null };
        }, cancellationToken);
}
