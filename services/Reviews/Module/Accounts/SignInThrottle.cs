using System.Threading.RateLimiting;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Reviews.Accounts;

/// <summary>
/// Sign-in attempts per username (Auth:SignInAttemptsPerMinute, a token bucket refilled evenly over
/// the minute), known or not, so a password cannot be guessed at the speed of the CPU. Keyed by the
/// username rather than the client address: behind the gateway every request comes from the
/// gateway's address, and the gateway already limits each address.
/// </summary>
public sealed class SignInThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public SignInThrottle(AuthSettings settings)
    {
        var perMinute = Math.Max(1, settings.SignInAttemptsPerMinute);
        Refill = TimeSpan.FromTicks(TimeSpan.FromMinutes(1).Ticks / perMinute);
        _limiter = PartitionedRateLimiter.Create<string, string>(username => RateLimitPartition.GetTokenBucketLimiter(username, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perMinute,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = Refill,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>How often one more attempt is allowed once the burst is spent.</summary>
    public TimeSpan Refill { get; }

    /// <summary>Null when the attempt may go ahead; otherwise how long to wait.</summary>
    public TimeSpan? TryAttempt(string username)
    {
        using var lease = _limiter.AttemptAcquire(username);
        if (lease.IsAcquired) return null;
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Refill;
    }

    public void Dispose() => _limiter.Dispose();
}
