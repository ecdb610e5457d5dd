using System.IdentityModel.Tokens.Jwt;
using System.Security.Claims;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
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
        app.MapPost("/api/auth/token", Issue).AllowAnonymous();
        return app;
    }

    private static IResult Issue(TokenRequest request, IConfiguration configuration, AuthSettings settings)
    {
        if (string.IsNullOrWhiteSpace(request.Username)) return Problems.Validation("username", "Enter your username.");
        if (string.IsNullOrEmpty(request.Password)) return Problems.Validation("password", "Enter your password.");
        var users = configuration.GetSection("Auth:Users").Get<ConfiguredUser[]>() ?? [];
        var user = users.FirstOrDefault(u => string.Equals(u.Username, request.Username, StringComparison.Ordinal));
        // Same answer for an unknown user and a wrong password, so usernames cannot be probed.
        if (user is null || !PasswordHash.Verify(request.Password, user.PasswordHash))
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
}
