namespace EvSysReview.Contracts.Reviews;

public sealed record MemberLeft : IntegrationEvent
{
    public required string Username { get; init; }

    /// <summary>The project's membership version after this change; consumers ignore older ones.</summary>
    public required long MembershipVersion { get; init; }
}
