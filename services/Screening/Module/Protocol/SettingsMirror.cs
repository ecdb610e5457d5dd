using System.Collections.Concurrent;

namespace EvSysReview.Screening.Protocol;

/// <summary>
/// Each project's settings as last committed, with their store version, for a store only this
/// process writes (SQLite): every decision and every `next` needs the project's protocol, and
/// reading and parsing it each time was a store read per request for a document that changes when a
/// protocol is published. Filled by reads (ScreeningRepository) and kept up to date by every
/// committed settings write (ScreeningQueues.Committed); ordered by version, so a slow read never
/// puts older settings back over a newer write. A shared store (MongoDB) is read every time.
/// </summary>
public sealed class SettingsMirror
{
    private readonly ConcurrentDictionary<Guid, Versioned<ProjectSettings>> _projects = new();

    public Versioned<ProjectSettings>? Of(Guid projectId) => _projects.GetValueOrDefault(projectId);

    public void Put(ProjectSettings settings, long version) =>
        _projects.AddOrUpdate(
            settings.ProjectId,
            static (_, stored) => stored,
            static (_, known, stored) => known.Version >= stored.Version ? known : stored,
            new Versioned<ProjectSettings>(settings, version));
}
