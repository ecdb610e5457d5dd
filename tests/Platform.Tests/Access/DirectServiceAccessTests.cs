using System.Net;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>A caller who skips the gateway and talks to a service directly is held to the same token rules.</summary>
public sealed class DirectServiceAccessTests : IAsyncLifetime
{
    private RunningHost _screening = null!;

    public async Task InitializeAsync()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-direct-").FullName;
        _screening = await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, b => b.AddScreening(), a => a.MapScreening(), configure), settings);
    }

    public async Task DisposeAsync() => await _screening.DisposeAsync();

    [Theory]
    [InlineData("X-User", "alice")]
    [InlineData("X-Forwarded-User", "alice")]
    [InlineData("X-Remote-User", "alice")]
    [InlineData("X-MS-CLIENT-PRINCIPAL-NAME", "alice")]
    public async Task An_identity_header_without_a_token_is_refused(string header, string value)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/screening/projects/{Guid.NewGuid()}/status");
        request.Headers.Add(header, value);
        var response = await _screening.Client().SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_unsigned_or_wrongly_signed_token_is_refused_and_a_valid_one_is_accepted_as_far_as_membership()
    {
        var path = $"/api/screening/projects/{Guid.NewGuid()}/status";
        Assert.Equal(HttpStatusCode.Unauthorized, (await _screening.Client(TestTokens.Unsigned("alice")).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _screening.Client(TestTokens.ForgedSignature("alice")).GetAsync(path)).StatusCode);
        // A properly signed token gets through authentication; the unknown project is then hidden (404), not refused (401).
        Assert.Equal(HttpStatusCode.NotFound, (await _screening.Client(TestTokens.Valid("alice")).GetAsync(path)).StatusCode);
    }
}
