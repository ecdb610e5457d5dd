using EvSysReview.Contracts.Extraction;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.RiskOfBias.Weights;

/// <summary>
/// A study's weight in the weighted summary plot: its sample size, the largest treatment + control
/// n of any outcome comparison in its finalised extraction. (robvis weights by meta-analysis
/// weight, which is per outcome; one plot per review needs one number per study.)
/// </summary>
public sealed record StudyWeight(Guid StudyId, int Revision, double SampleSize)
{
    public const string Collection = "rob-weights";

    public static string Key(Guid projectId, Guid studyId) => $"{projectId:N}:{studyId:N}";
}

public sealed class ExtractionFinalizedConsumer(ModuleStore<RiskOfBiasModule> store, OutboxSignal<RiskOfBiasModule> signal)
    : IdempotentConsumer<RiskOfBiasModule, ExtractionFinalized>(store, signal)
{
    protected override async Task Apply(ExtractionFinalized message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var key = StudyWeight.Key(message.ProjectId, message.StudyId);
        var stored = await Store.GetAsync(StudyWeight.Collection, key, cancellationToken);
        if (stored is not null && StoreJson.Read<StudyWeight>(stored).Revision >= message.Revision) return;
        var sampleSize = message.Outcomes.Select(o => o.Treatment.N + o.Control.N).Where(double.IsFinite).DefaultIfEmpty(0).Max();
        work.Put(StudyWeight.Collection, key, message.ProjectId.ToString("N"), new StudyWeight(message.StudyId, message.Revision, Math.Max(0, sampleSize)), stored?.Version ?? 0);
    }
}
