namespace EvSysReview.ServiceDefaults.Security;

/// <summary>
/// Token validation settings, the same for the gateway and every service. With Authority set, tokens
/// come from an external OpenID Connect provider; otherwise from the built-in issuer (standalone,
/// tests), signed with SigningKey (HMAC-SHA256, at least 32 bytes).
/// </summary>
public sealed class AuthSettings
{
    public const string Section = "Auth";

    public string Issuer { get; set; } = "evsysreview";

    public string Audience { get; set; } = "evsysreview-api";

    public string? SigningKey { get; set; }

    public string? Authority { get; set; }

    /// <summary>
    /// Lets the Authority's metadata (and so its signing keys) be fetched over plain http. Off by
    /// default: anyone on that path could then swap the keys and sign tokens of their own. Only for
    /// a provider reached over a network nothing else shares (a test rig, a pod-local sidecar).
    /// </summary>
    public bool AllowHttpMetadata { get; set; }

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Sign-in attempts the built-in issuer accepts per username per minute (a burst of this many,
    /// then one every 60/N seconds); more get 429 with Retry-After.
    /// </summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Kept small so an expired token is refused promptly (the default of 5 minutes is generous).</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);
}
