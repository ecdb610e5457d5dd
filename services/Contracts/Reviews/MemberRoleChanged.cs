namespace EvSysReview.Contracts.Reviews;

public sealed record MemberRoleChanged : IntegrationEvent
{
    public required string Username { get; init; }

    public required string OldRole { get; init; }

    public required string NewRole { get; init; }

    /// <summary>The project's membership version after this change; consumers ignore older ones.</summary>
    public required long MembershipVersion { get; init; }
}
