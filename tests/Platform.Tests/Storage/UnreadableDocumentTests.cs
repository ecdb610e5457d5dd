using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Reviews;
using EvSysReview.Reviews.Projects;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// A stored document the code cannot read is the server's fault, not the caller's: a 500 problem
/// that names nothing of the caller's request (the request was fine) and leaks no JSON detail.
/// </summary>
public sealed class UnreadableDocumentTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    [Fact]
    public void Reading_a_document_of_the_wrong_shape_throws_an_exception_naming_the_document()
    {
        var document = new StoredDocument("projects", "p1", "p1", 3, "{\"title\":[1]}", DateTimeOffset.UtcNow);

        var unreadable = Assert.Throws<StoredDocumentUnreadableException>(() => StoreJson.Read<Project>(document));

        Assert.Contains("projects/p1", unreadable.Message);
        Assert.IsAssignableFrom<JsonException>(unreadable.InnerException);
    }

    [Fact]
    public async Task A_project_whose_stored_document_is_unreadable_is_a_500_problem_not_the_callers_400()
    {
        var created = await standalone.As("alice").PostAsJsonAsync("/api/reviews/projects", new { title = "to be damaged" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var store = standalone.Host.Services.GetRequiredService<ModuleStore<ReviewsModule>>();
        await store.CommitAsync(new UnitOfWork().Put(Project.Collection, id.ToString("N"), id.ToString("N"), new { id, title = new[] { 1 } }, null));

        var response = await standalone.As("alice").GetAsync($"/api/reviews/projects/{id}");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual("Invalid JSON", problem.GetProperty("title").GetString());
        Assert.False(problem.TryGetProperty("field", out _));
        Assert.DoesNotContain("$.title", problem.GetProperty("detail").GetString());
    }
}
