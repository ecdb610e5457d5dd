using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Platform.Tests.Http;

/// <summary>
/// What minimal APIs refuse before a handler runs (a body that does not deserialise, a query value
/// that does not bind) is a problem naming the field and the reason in Production too, where
/// minimal APIs by default answer a bare 400 without saying why.
/// </summary>
public sealed class BadRequestProblemTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    private static async Task<JsonElement> Problem(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public void The_host_runs_as_Production() => Assert.True(standalone.Host.App.Environment.IsProduction());

    [Fact]
    public async Task A_body_field_of_the_wrong_JSON_type_is_named_with_the_reason()
    {
        var response = await standalone.As("alice").PostAsync("/api/reviews/projects", new StringContent("{\"title\": 5}", Encoding.UTF8, "application/json"));

        var problem = await Problem(response);
        Assert.Equal("title", problem.GetProperty("field").GetString());
        Assert.Contains("could not be converted", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_cut_short_is_named_as_the_body()
    {
        var response = await standalone.As("alice").PostAsync("/api/reviews/projects", new StringContent("{\"title\": ", Encoding.UTF8, "application/json"));

        var problem = await Problem(response);
        Assert.Equal("Invalid JSON", problem.GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task A_query_value_that_does_not_bind_names_the_parameter()
    {
        var projectId = await standalone.CreateProjectAsync("alice");

        var response = await standalone.As("alice").GetAsync($"/api/ingestion/projects/{projectId}/records?page=abc");

        var problem = await Problem(response);
        Assert.Equal("page", problem.GetProperty("field").GetString());
        Assert.Contains("\"abc\"", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_by_its_Content_Type_is_a_415_naming_the_Content_Type()
    {
        var response = await standalone.As("alice").PostAsync("/api/reviews/projects", new StringContent("{\"title\": \"x\"}", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.TryGetProperty("field", out var field), problem.GetRawText());
        Assert.Equal("Content-Type", field.GetString());
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString());
    }
}
