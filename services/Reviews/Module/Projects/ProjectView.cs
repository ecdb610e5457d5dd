using EvSysReview.Reviews.Protocols;

namespace EvSysReview.Reviews.Projects;

/// <summary>What GET /projects/{id} returns: the project, its team and its current protocol.</summary>
public sealed record ProjectView(Guid Id, string Title, string? Template, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<Member> Members, int ProtocolVersion, Protocol Protocol)
{
    public static ProjectView From(Project project) => new(
        project.Id, project.Title, project.Template, project.CreatedBy, project.CreatedAt, project.Members,
        project.CurrentProtocol.Version, project.CurrentProtocol.Protocol);
}
