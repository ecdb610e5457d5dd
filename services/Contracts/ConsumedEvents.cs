using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Contracts.RiskOfBias;
using EvSysReview.Contracts.Screening;

namespace EvSysReview.Contracts;

/// <summary>
/// The integration events that some EvSysReview service consumes. An outbox publishes these as
/// mandatory and marks one sent only once the broker routed it to a queue: RabbitMQ confirms a
/// message no queue is bound to receive and drops it, which happened to every event published before
/// its consumers' queues existed (a fresh broker with the services starting together, an upgrade that
/// starts a producer before a new consumer). Events missing here (DecisionRecorded, ConflictRaised,
/// DecisionWithdrawn, RetractionOverridden, SynthesisUpdated) have no consumer in EvSysReview, so
/// waiting for a queue would keep them in the outbox for ever; they go out as before.
/// <para>
/// The producer cannot learn this from its own host, which knows only its own consumers; the list is
/// kept equal to the consumers every module registers by <c>ConsumedEventsTests</c> in Platform.Tests.
/// </para>
/// </summary>
public static class ConsumedEvents
{
    public static IReadOnlySet<Type> Types { get; } = new HashSet<Type>
    {
        typeof(ProjectCreated),
        typeof(MemberJoined),
        typeof(MemberRoleChanged),
        typeof(MemberLeft),
        typeof(ProtocolPublished),
        typeof(CitationImported),
        typeof(CitationRetracted),
        typeof(DuplicateDetected),
        typeof(ImportCompleted),
        typeof(RecordAdvanced),
        typeof(StudyIncluded),
        typeof(StudyExcluded),
        typeof(StudyWithdrawn),
        typeof(ConflictResolved),
        typeof(ExtractionFinalized),
        typeof(ExtractionReopened),
        typeof(RiskOfBiasAssessed),
        typeof(RiskOfBiasReopened),
    };
}
