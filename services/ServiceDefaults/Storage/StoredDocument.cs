namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// One aggregate as the store keeps it: JSON plus the version that guards conditional updates.
/// Partition is the project id for project-scoped data, so "everything of a project" is one query.
/// </summary>
public sealed record StoredDocument(string Collection, string Id, string Partition, long Version, string Json, DateTimeOffset UpdatedAt);
