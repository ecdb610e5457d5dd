using System.Diagnostics;
using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;
using EvSysReview.Screening.Ranking;
using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.Options;

namespace EvSysReview.Screening.Decisions;

/// <summary>The item after a command and what Core says the command caused.</summary>
public sealed record ItemOutcome(ItemDocument Document, IReadOnlyList<ScreeningEffect> Effects)
{
    /// <summary>The project's settings the command ran under; the answer's view uses them too instead of reading them again.</summary>
    public ProjectSettings? Settings { get; init; }
}

/// <summary>
/// Runs one command on one item: read, apply Core's rule, write the item and its events in one
/// conditional commit. Two reviewers deciding the same item at once both succeed: the loser of the
/// write race re-reads and applies its decision again on the fresh item (a rule may then refuse it).
/// </summary>
public sealed class ItemCommands(ScreeningRepository repository, RankingSignal ranking, IOptions<ScreeningEventOptions> events)
{
    private const int Attempts = 8;

    /// <returns>null when the project has no such item.</returns>
    public async Task<ItemOutcome?> ApplyAsync(Guid projectId, Guid itemId, Guid correlationId, Func<ItemDocument, ProjectSettings, ItemOutcome> command, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            // The first attempt may start from the queue's mirror of the item; if a write it had not
            // seen yet got there first (a consumer's, committed but not yet mirrored), the next attempt
            // reads the store at once: nobody else is racing for the item, so no backoff is needed.
            Versioned<ItemDocument>? mirrored = null;
            // Commands on one item from this process queue here: two reviewers' decisions on the same
            // item otherwise race, and the loser's backoff (5–160 ms) lands in the decision's p99.
            // Other processes are still kept out by the versioned write (TryApplyAsync). The gate is
            // left before the catch, so the backoff does not hold up the item's other commands.
            try
            {
                var gateStarted = Stopwatch.GetTimestamp();
                using (await KeyedGate<ScreeningModule>.EnterAsync(itemId, cancellationToken))
                {
                    ServerTiming.Current?.AddSince("gate", gateStarted);
                    // Read inside the gate: the mirror then already holds the previous command's write.
                    mirrored = attempt == 1 ? repository.MirroredItem(projectId, itemId) : null;
                    return await TryApplyAsync(projectId, itemId, correlationId, mirrored, command, cancellationToken);
                }
            }
            catch (ConcurrencyConflictException) when (attempt < Attempts)
            {
            }

            if (mirrored is null) await Task.Delay(Random.Shared.Next(5, 20 * attempt), cancellationToken);
        }
    }

    private async Task<ItemOutcome?> TryApplyAsync(
        Guid projectId, Guid itemId, Guid correlationId, Versioned<ItemDocument>? mirrored, Func<ItemDocument, ProjectSettings, ItemOutcome> command, CancellationToken cancellationToken)
    {
        if ((mirrored ?? await repository.ItemAsync(projectId, itemId, cancellationToken)) is not { } stored) return null;
        var settings = await repository.SettingsAsync(projectId, cancellationToken);
        var outcome = command(stored.Value, settings) with { Settings = settings };
        if (outcome.Document == stored.Value) return outcome;
        var work = new UnitOfWork();
        ScreeningRepository.PutItem(work, outcome.Document, stored.Version);
        await EffectEvents.AddAsync(work, repository, stored.Value, outcome, settings, events.Value, correlationId, cancellationToken);
        await repository.CommitAsync(work, cancellationToken);
        var finals = outcome.Effects.Count(e => e is StudyIncludedEffect or StudyExcludedEffect or RecordAdvancedEffect);
        ranking.Changed(projectId, finals);
        return outcome;
    }

    /// <summary>Wraps a Core change: the stored item replaced by the changed one.</summary>
    public static ItemOutcome From(ItemDocument document, ScreeningChange change) =>
        change.Changed || change.Item != document.Item
            ? new ItemOutcome(document with { Item = change.Item }, change.Effects)
            : new ItemOutcome(document, []);
}
