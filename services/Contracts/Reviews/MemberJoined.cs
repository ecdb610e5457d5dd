namespace EvSysReview.Contracts.Reviews;

/// <summary>A user became a member with a role (lead, reviewer, methodologist, observer).</summary>
public sealed record MemberJoined : IntegrationEvent
{
    public required string Username { get; init; }

    public required string Role { get; init; }

    /// <summary>The project's membership version after this change; consumers ignore older ones.</summary>
    public required long MembershipVersion { get; init; }
}
