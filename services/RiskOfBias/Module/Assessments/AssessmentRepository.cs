using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.RiskOfBias.Assessments;

/// <summary>What a command decided: the next state and its events, or a refusal to return as is.</summary>
public sealed record Decision(StudyAssessment? Next, IResult? Refusal, IReadOnlyList<IntegrationEvent> Events)
{
    public static Decision Refuse(IResult refusal) => new(null, refusal, []);

    public static Decision Save(StudyAssessment next, params IntegrationEvent[] events) => new(next, null, events);
}

/// <summary>The queries the risk-of-bias endpoints need: one study's task, a project's tasks, a conditional change.</summary>
public sealed class AssessmentRepository(ModuleStore<RiskOfBiasModule> store, OutboxSignal<RiskOfBiasModule> signal)
{
    private const int Attempts = 5;

    public async Task<(StudyAssessment Task, long Version)?> FindAsync(Guid projectId, Guid studyId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(StudyAssessment.Collection, StudyAssessment.Key(projectId, studyId), cancellationToken);
        return stored is null ? null : (StoreJson.Read<StudyAssessment>(stored), stored.Version);
    }

    public async Task<IReadOnlyList<StudyAssessment>> ListAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(StudyAssessment.Collection, projectId.ToString("N"), cancellationToken)).Select(StoreJson.Read<StudyAssessment>).ToList();

    public async Task<IReadOnlyDictionary<Guid, double>> WeightsAsync(Guid projectId, CancellationToken cancellationToken) =>
        (await store.ListAsync(Weights.StudyWeight.Collection, projectId.ToString("N"), cancellationToken))
            .Select(StoreJson.Read<Weights.StudyWeight>)
            .ToDictionary(w => w.StudyId, w => w.SampleSize);

    /// <summary>
    /// Loads the task, lets <paramref name="decide"/> choose (it sees the stored version, for
    /// If-Match), and commits conditionally with the events. When another writer got in first (the
    /// other assessor saving their own sheet, say) it decides again on the fresh state, so an
    /// If-Match that concerns only the caller's own sheet is still judged correctly.
    /// </summary>
    public async Task<(IResult? Refusal, StudyAssessment? Saved, long Version)> ChangeAsync(
        Guid projectId, Guid studyId, Func<StudyAssessment, long, Decision> decide, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var found = await FindAsync(projectId, studyId, cancellationToken);
            if (found is not { } f) return (Problems.NotFound("studyId", $"No included study {studyId} in this project."), null, 0);
            var decision = decide(f.Task, f.Version);
            if (decision.Refusal is not null || decision.Next is null) return (decision.Refusal ?? TypedResults.NoContent(), null, f.Version);

            var work = new UnitOfWork().Put(StudyAssessment.Collection, StudyAssessment.Key(projectId, studyId), projectId.ToString("N"), decision.Next, f.Version);
            foreach (var integrationEvent in decision.Events) work.Publish(integrationEvent);
            try
            {
                await store.CommitAsync(work, cancellationToken);
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
                continue;
            }

            if (decision.Events.Count > 0) signal.Notify();
            return (null, decision.Next, f.Version + 1);
        }
    }
}
