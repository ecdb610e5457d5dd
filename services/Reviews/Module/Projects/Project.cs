using EvSysReview.Reviews.Protocols;

namespace EvSysReview.Reviews.Projects;

/// <summary>
/// The reviews service's aggregate: a project, its team and every published protocol version.
/// MembershipVersion counts team changes; it travels on the membership events so other services can
/// apply them in order.
/// </summary>
public sealed record Project
{
    public const string Collection = "review-projects";

    public required Guid Id { get; init; }

    public required string Title { get; init; }

    public string? Template { get; init; }

    public required string CreatedBy { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required IReadOnlyList<Member> Members { get; init; }

    public required long MembershipVersion { get; init; }

    public required IReadOnlyList<ProtocolVersion> Protocols { get; init; }

    public ProtocolVersion CurrentProtocol => Protocols[^1];

    public Member? FindMember(string username) => Members.FirstOrDefault(m => m.Username == username);
}

public sealed record Member(string Username, string Role, DateTimeOffset JoinedAt);
