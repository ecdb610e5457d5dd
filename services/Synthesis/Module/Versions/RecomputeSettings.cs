namespace EvSysReview.Synthesis.Versions;

/// <summary>Configuration section "Synthesis".</summary>
public sealed class RecomputeSettings
{
    public const string Section = "Synthesis";

    /// <summary>After a change, wait this long for the rest of a burst: a project is recomputed at most once per Debounce.</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often pending requests are looked for without a wake-up (e.g. left by a previous process).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
