using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace EvSysReview.ServiceDefaults.Security;

public static class AuthenticationExtensions
{
    /// <summary>
    /// JWT bearer validation of issuer, audience, signature and expiry. Every service does this
    /// itself, so a request that bypasses the gateway is held to the same rule; no identity header
    /// is ever trusted. Also who the deployment's operators are (<see cref="OperatorSettings"/>).
    /// </summary>
    public static IHostApplicationBuilder AddTokenValidation(this IHostApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        var external = !string.IsNullOrWhiteSpace(settings.Authority);
        // Refused here, at start, rather than by the bearer handler at the first request.
        if (external && !settings.AllowHttpMetadata && !settings.Authority!.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"Auth:Authority '{settings.Authority}' is not https: its signing keys could be swapped in transit. Use https, or set Auth:AllowHttpMetadata=true for a provider on a private network.");
        }

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(builder.Configuration.GetSection(OperatorSettings.Section).Get<OperatorSettings>() ?? new OperatorSettings());
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.MapInboundClaims = false;
                // The Authority's metadata carries the signing keys; without one no metadata is fetched.
                options.RequireHttpsMetadata = external && !settings.AllowHttpMetadata;
                if (external) options.Authority = settings.Authority;
                options.TokenValidationParameters = ValidationParameters(settings);
            });
        builder.Services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>What every host checks of a bearer token (the signing keys come from the Authority when one is set).</summary>
    public static TokenValidationParameters ValidationParameters(AuthSettings settings) => new()
    {
        ValidateIssuer = true,
        ValidIssuer = settings.Authority ?? settings.Issuer,
        ValidateAudience = true,
        ValidAudience = settings.Audience,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ClockSkew = settings.ClockSkew,
        NameClaimType = "sub",
        IssuerSigningKey = string.IsNullOrWhiteSpace(settings.Authority) ? SigningKey(settings) : null,
    };

    public static SymmetricSecurityKey SigningKey(AuthSettings settings)
    {
        var key = settings.SigningKey;
        if (string.IsNullOrWhiteSpace(key) || Encoding.UTF8.GetByteCount(key) < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes when no Auth:Authority is configured.");
        }

        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key));
    }
}
