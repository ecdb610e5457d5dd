using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Ingestion.Records;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// A protocol with a savedSearch gets a saved search ("Protocol search"), daily but DISABLED: a lead
/// (or methodologist) reviews the query and enables it, so creating a project from a template never
/// starts hitting NCBI on its own. A later protocol version with another query updates it (and
/// resets its cursor, and ends a pause, as a lead's edit does); an older version arriving late changes nothing.
/// </summary>
public sealed class ProtocolPublishedConsumer(ModuleStore<IngestionModule> store, OutboxSignal<IngestionModule> signal)
    : IdempotentConsumer<IngestionModule, ProtocolPublished>(store, signal)
{
    public const string DefaultSchedule = "P1D";

    /// <summary>The protocol's search has a fixed id per project, so a redelivery or a new version finds it.</summary>
    public static Guid SearchIdFor(Guid projectId) => RecordKeys.ForAlert(projectId, "protocol-search");

    protected override async Task Apply(ProtocolPublished message, UnitOfWork work, CancellationToken cancellationToken)
    {
        var query = ReadSavedSearch(message.Protocol);
        if (query is null) return;
        var id = SearchIdFor(message.ProjectId);
        var stored = await Store.GetAsync(SavedSearch.Collection, id.ToString("N"), cancellationToken);
        if (stored is null)
        {
            var search = new SavedSearch
            {
                Id = id, ProjectId = message.ProjectId, Name = "Protocol search", Query = query, Schedule = DefaultSchedule, Enabled = false,
                ProtocolVersion = message.Version, CreatedBy = "protocol", CreatedAt = message.OccurredAt,
            };
            work.Put(SavedSearch.Collection, id.ToString("N"), message.ProjectId.ToString("N"), search, 0)
                .Put(AlertIndexEntry.Collection, id.ToString("N"), AlertIndexEntry.Partition, new AlertIndexEntry(message.ProjectId, id), null);
            return;
        }

        var existing = StoreJson.Read<SavedSearch>(stored);
        if (existing.ProtocolVersion >= message.Version) return;
        var updated = existing with { ProtocolVersion = message.Version };
        updated = updated.WithQuery(query, message.OccurredAt);
        work.Put(SavedSearch.Collection, id.ToString("N"), message.ProjectId.ToString("N"), updated, stored.Version);
    }

    private static string? ReadSavedSearch(string protocolJson)
    {
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("savedSearch", out var value)
                && value.ValueKind == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetString())
                ? value.GetString()!.Trim()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
