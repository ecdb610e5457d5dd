using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Protocol;

/// <summary>
/// A project's screening settings: the screening part of its latest protocol, plus the
/// "ineligible by automation" switch only a lead turns on (it is not part of the protocol).
/// </summary>
public sealed record ProjectSettings
{
    public const string Collection = "settings";

    public required Guid ProjectId { get; init; }

    public int ProtocolVersion { get; init; }

    public ScreeningProtocol Protocol { get; init; } = new();

    /// <summary>The protocol's blinding (Core applies it in every item view).</summary>
    public bool Blinded => Protocol.Blinded;

    public bool AutomationEnabled { get; init; }

    public double AutomationThreshold { get; init; } = 0.05;

    /// <summary>The protocol the Core rules see, with the automation threshold when it is on.</summary>
    public ScreeningProtocol EffectiveProtocol => Protocol with { AutomationThreshold = AutomationEnabled ? AutomationThreshold : null };

    public static string Key(Guid projectId) => projectId.ToString("N");

    public static ProjectSettings Default(Guid projectId) => new() { ProjectId = projectId };
}
