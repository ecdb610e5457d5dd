using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>
/// Walks the routing table of the standalone host (every module's endpoints) and proves each
/// refuses what it must. A new endpoint is covered without touching this test; an endpoint under
/// /projects/{projectId} that forgets to declare its roles fails it.
/// </summary>
public sealed class EndpointAccessTests(StandaloneFixture standalone, ITestOutputHelper output) : IClassFixture<StandaloneFixture>
{
    /// <summary>The only endpoints anyone may call without a token.</summary>
    private static readonly string[] Anonymous = ["POST /api/auth/token", "GET /health/live", "GET /health/ready"];

    private IReadOnlyList<(string Method, RouteEndpoint Endpoint)> Endpoints() =>
        standalone.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e)))
            .ToList();

    private static string Path(RouteEndpoint endpoint, Guid projectId) =>
        "/" + Regex.Replace(endpoint.RoutePattern.RawText!.TrimStart('/'), @"\{(\*\*)?([A-Za-z]+)(:[^}]*)?\}", m => m.Groups[2].Value switch
        {
            "projectId" => projectId.ToString(),
            _ when m.Groups[3].Value.Contains("guid") => Guid.NewGuid().ToString(),
            _ => "x",
        });

    private static HttpRequestMessage Request(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method is "POST" or "PUT" or "PATCH") request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        return request;
    }

    [Fact]
    public void Only_sign_in_and_health_are_anonymous_and_every_project_endpoint_declares_its_roles()
    {
        var endpoints = Endpoints();
        Assert.True(endpoints.Count > 10, "the routing table was not read");
        var anonymous = endpoints.Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null).Select(e => $"{e.Method} {e.Endpoint.RoutePattern.RawText}").Order();
        Assert.Equal(Anonymous.Order(), anonymous);
        var undeclared = endpoints
            .Where(e => e.Endpoint.RoutePattern.RawText!.Contains("{projectId"))
            .Where(e => e.Endpoint.Metadata.GetMetadata<ProjectRoleRequirement>() is null)
            .Select(e => $"{e.Method} {e.Endpoint.RoutePattern.RawText}")
            .ToList();
        Assert.Empty(undeclared);
    }

    [Fact]
    public async Task Every_endpoint_refuses_no_token_an_expired_token_a_forged_signature_and_an_unsigned_token()
    {
        var projectId = await standalone.CreateProjectAsync("alice");
        var client = standalone.Host.Client();
        var checkedCount = 0;
        foreach (var (method, endpoint) in Endpoints().Where(e => e.Endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null))
        {
            var path = Path(endpoint, projectId);
            foreach (var (kind, token) in new[] { ("no token", (string?)null), ("expired", TestTokens.Expired("alice")), ("forged", TestTokens.ForgedSignature("alice")), ("unsigned", TestTokens.Unsigned("alice")) })
            {
                var response = await client.SendAsync(Request(method, path, token));
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} with {kind}: {(int)response.StatusCode}");
            }

            checkedCount++;
        }

        output.WriteLine($"{checkedCount} endpoints refused 4 kinds of bad token each");
        Assert.True(checkedCount > 10);
    }

    [Fact]
    public async Task Every_project_endpoint_hides_the_project_from_non_members_and_refuses_roles_it_does_not_allow()
    {
        var projectId = await standalone.CreateProjectAsync("alice", ("bob", ProjectRoles.Reviewer), ("dana", ProjectRoles.Methodologist), ("erin", ProjectRoles.Observer));
        var memberByRole = new Dictionary<string, string> { [ProjectRoles.Reviewer] = "bob", [ProjectRoles.Methodologist] = "dana", [ProjectRoles.Observer] = "erin" };
        var client = standalone.Host.Client();
        int hidden = 0, forbidden = 0;
        foreach (var (method, endpoint) in Endpoints())
        {
            if (endpoint.Metadata.GetMetadata<ProjectRoleRequirement>() is not { } requirement) continue;
            var path = Path(endpoint, projectId);

            var outsider = await client.SendAsync(Request(method, path, TestTokens.Valid("mallory")));
            Assert.True(outsider.StatusCode == HttpStatusCode.NotFound, $"{method} {path} as a non-member: {(int)outsider.StatusCode}");
            hidden++;

            foreach (var (role, username) in memberByRole.Where(r => !requirement.Roles.Contains(r.Key)))
            {
                var refused = await client.SendAsync(Request(method, path, TestTokens.Valid(username)));
                Assert.True(refused.StatusCode == HttpStatusCode.Forbidden, $"{method} {path} as {role}: {(int)refused.StatusCode}");
                forbidden++;
            }
        }

        output.WriteLine($"{hidden} project endpoints hid the project; {forbidden} role refusals");
        Assert.True(hidden >= 8);
        Assert.True(forbidden >= 3);
    }
}
