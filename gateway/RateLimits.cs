using System.Threading.RateLimiting;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.RateLimiting;

namespace EvSysReview.Gateway;

internal static class RateLimits
{
    /// <summary>A token bucket per user (per client address before sign-in); a refusal is a 429 problem with Retry-After.</summary>
    public static IServiceCollection AddGatewayRateLimits(this IServiceCollection services, GatewaySettings settings)
    {
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetTokenBucketLimiter(
                    context.User.Username() ?? context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new TokenBucketRateLimiterOptions
                    {
                        TokenLimit = settings.RequestsPerSecondPerUser,
                        TokensPerPeriod = settings.RequestsPerSecondPerUser,
                        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                        QueueLimit = settings.QueueLimit,
                        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                        AutoReplenishment = true,
                    }));
            options.OnRejected = async (context, cancellationToken) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = "1";
                await Results.Problem(
                    title: "Too many requests",
                    detail: $"At most {settings.RequestsPerSecondPerUser} requests per second per user; retry after a second.",
                    statusCode: StatusCodes.Status429TooManyRequests).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
