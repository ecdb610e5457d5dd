using EvSysReview.Contracts.Reviews;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Integration.Tests.Faults;

/// <summary>
/// A consumer with a fault an operator can fix: a project titled "needs-…" fails every retry until
/// a prerequisite document of that name exists (think: reference data a deployment forgot), so its
/// message ends in the _error queue, and a replay after the fix applies it.
/// </summary>
public sealed class PrerequisiteProjectCreatedConsumer(ModuleStore<ScreeningModule> store, OutboxSignal<ScreeningModule> signal)
    : IdempotentConsumer<ScreeningModule, ProjectCreated>(store, signal)
{
    public const string Prerequisites = "test-prerequisites";
    private const string Name = "prerequisite-project-created";

    protected override async Task Apply(ProjectCreated message, UnitOfWork work, CancellationToken cancellationToken)
    {
        if (message.Title.StartsWith("needs-", StringComparison.Ordinal) && await Store.GetAsync(Prerequisites, message.Title, cancellationToken) is null)
        {
            throw new InvalidOperationException($"Prerequisite {message.Title} is missing.");
        }

        await EventCounter.IncrementAsync(Store, work, Name, message.EventId, cancellationToken);
    }

    public static Task<int> CountAsync(IDocumentStore store) => EventCounter.CountAsync(store, Name);
}
