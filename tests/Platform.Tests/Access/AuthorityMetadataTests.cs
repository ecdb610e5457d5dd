using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>
/// The signing keys of an external Authority come from its metadata: fetched over plain http, anyone
/// on the path could swap them and sign their own tokens. So https is required unless a setting says otherwise.
/// </summary>
public sealed class AuthorityMetadataTests
{
    private static JwtBearerOptions BearerOptions(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddTokenValidation();
        using var app = builder.Build();
        return app.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme);
    }

    [Fact]
    public void An_https_Authority_has_its_metadata_required_over_https()
    {
        var options = BearerOptions(new() { ["Auth:Authority"] = "https://login.example.org/realms/evsys" });

        Assert.True(options.RequireHttpsMetadata);
        Assert.Equal("https://login.example.org/realms/evsys", options.Authority);
    }

    [Fact]
    public void An_http_Authority_is_refused_at_start_naming_the_setting_that_would_allow_it()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => BearerOptions(new() { ["Auth:Authority"] = "http://keycloak:8080/realms/evsys" }));

        Assert.Contains("Auth:AllowHttpMetadata", refused.Message);
    }

    [Fact]
    public void An_http_Authority_is_accepted_only_when_explicitly_allowed()
    {
        var options = BearerOptions(new() { ["Auth:Authority"] = "http://keycloak:8080/realms/evsys", ["Auth:AllowHttpMetadata"] = "true" });

        Assert.False(options.RequireHttpsMetadata);
    }
}
