namespace EvSysReview.ServiceDefaults;

/// <summary>
/// A service module (reviews, ingestion, ...). Name is its route segment (/api/{Name}), its
/// database name and the prefix of its queue names, so modules never share a queue or a table.
/// </summary>
public interface IServiceModule
{
    static abstract string Name { get; }
}
