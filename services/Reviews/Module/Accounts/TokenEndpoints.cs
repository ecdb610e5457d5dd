using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.Reviews.Accounts;

/// <summary>
/// The built-in token issuer for standalone use and tests: users come from configuration
/// (Auth:Users, with hashed passwords). With an external OpenID Connect authority configured this
/// endpoint is not mapped: tokens come from that authority.
/// </summary>
public static class TokenEndpoints
{
    public sealed record TokenRequest(string? Username, string? Password);

    public sealed record TokenResponse(string AccessToken, int ExpiresIn, string TokenType);

    public sealed record ConfiguredUser(string Username, string PasswordHash);

    public static IEndpointRouteBuilder MapTokenIssuer(this IEndpointRouteBuilder app, AuthSettings settings)
    {
        if (!string.IsNullOrWhiteSpace(settings.Authority)) return app;
        RefuseUnusableUsers(app.ServiceProvider.GetRequiredService<IConfiguration>());
        app.MapPost("/api/auth/token", Issue).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// Configuration is where the built-in issuer's users are created, so a username that
    /// .../members/{username} could not address (<see cref="Usernames"/>) stops the host at start,
    /// naming the setting, rather than sign in someone who could never be changed or removed. So do
    /// two names that differ only in letter case: sign-in matches exactly, so they would be two
    /// people whom a lead adding either could not tell apart, and a project can hold only one. A name
    /// listed twice stops it too: sign-in reads the first entry, so the second's password never works.
    /// </summary>
    private static void RefuseUnusableUsers(IConfiguration configuration)
    {
        var users = configuration.GetSection("Auth:Users").Get<ConfiguredUser[]>() ?? [];
        for (var i = 0; i < users.Length; i++)
        {
            if (Usernames.Refusal(users[i].Username) is { } refusal)
            {
                throw new InvalidOperationException($"Auth:Users:{i}:Username '{users[i].Username}' cannot be used. {refusal}");
            }

            for (var earlier = 0; earlier < i; earlier++)
            {
                if (string.Equals(users[earlier].Username, users[i].Username, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException(
                        $"Auth:Users:{earlier}:Username and Auth:Users:{i}:Username are both '{users[i].Username}'. " +
                        "Sign-in reads the first, so the second's password would never work; keep one.");
                }

                if (Usernames.DifferOnlyInCase(users[earlier].Username, users[i].Username))
                {
                    throw new InvalidOperationException(
                        $"Auth:Users:{earlier}:Username '{users[earlier].Username}' and Auth:Users:{i}:Username '{users[i].Username}' differ only in letter case. " +
                        "Usernames are matched exactly, so they would be two people whom a project's lead could not tell apart; keep one spelling.");
                }
            }
        }
    }

    /// <summary>The verifier and the per-username throttle sign-in uses (a test may register its own verifier first).</summary>
    public static IServiceCollection AddTokenIssuer(this IServiceCollection services)
    {
        services.TryAddSingleton<IPasswordVerifier, Pbkdf2PasswordVerifier>();
        services.TryAddSingleton<SignInThrottle>();
        return services;
    }

    private static IResult Issue(
        TokenRequest request, HttpContext http, IConfiguration configuration, AuthSettings settings, IPasswordVerifier verifier, SignInThrottle throttle)
    {
        if (string.IsNullOrWhiteSpace(request.Username)) return Problems.Validation("username", "Enter your username.");
        if (string.IsNullOrEmpty(request.Password)) return Problems.Validation("password", "Enter your password.");
        if (throttle.TryAttempt(request.Username) is { } retryAfter) return TooManyAttempts(http, retryAfter);
        var users = configuration.GetSection("Auth:Users").Get<ConfiguredUser[]>() ?? [];
        var user = users.FirstOrDefault(u => string.Equals(u.Username, request.Username, StringComparison.Ordinal));
        // Same answer, and the same work, for an unknown user and a wrong password, so usernames
        // cannot be probed: an unknown one is checked against a decoy hash as costly as the users' own.
        var hash = user?.PasswordHash ?? DecoyLike(users);
        if (!verifier.Verify(request.Password, hash) || user is null)
        {
            return Problems.Problem(StatusCodes.Status401Unauthorized, "Sign-in failed", "The username or password is not right.", "password");
        }

        var now = DateTime.UtcNow;
        var token = new JwtSecurityToken(
            issuer: settings.Issuer,
            audience: settings.Audience,
            claims: [new Claim("sub", user.Username), new Claim(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString())],
            notBefore: now,
            expires: now + settings.TokenLifetime,
            signingCredentials: new SigningCredentials(AuthenticationExtensions.SigningKey(settings), SecurityAlgorithms.HmacSha256));
        return TypedResults.Ok(new TokenResponse(new JwtSecurityTokenHandler().WriteToken(token), (int)settings.TokenLifetime.TotalSeconds, "Bearer"));
    }

    /// <summary>A decoy hash with the highest iteration count among the configured users' hashes (the default when none parses).</summary>
    private static string DecoyLike(ConfiguredUser[] users)
    {
        var iterations = users.Select(u => PasswordHash.Iterations(u.PasswordHash) ?? 0).DefaultIfEmpty(0).Max();
        return PasswordHash.Decoy(iterations > 0 ? iterations : PasswordHash.DefaultIterations);
    }

    private static IResult TooManyAttempts(HttpContext http, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Problems.Problem(
            StatusCodes.Status429TooManyRequests, "Too many sign-in attempts",
            $"Too many sign-in attempts for this username; retry after {seconds} seconds.", "username");
    }
}
