using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace EvSysReview.Platform.Tests.Http;

/// <summary>
/// The file import lifts Kestrel's body limit (it enforces its own cap): a keyed upload still goes
/// through the Idempotency-Key middleware's bounded read to the handler, and its retry is replayed.
/// </summary>
public sealed class KeyedImportTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    [Fact]
    public async Task A_keyed_import_is_accepted_and_its_retry_replayed()
    {
        var projectId = await standalone.CreateProjectAsync("alice");
        var ris = string.Concat(Enumerable.Range(0, 400).Select(i => $"TY  - JOUR\nTI  - Study {i} of vesicles\nPY  - 2020\nER  - \n"));
        HttpRequestMessage Upload()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/ingestion/projects/{projectId}/imports")
            {
                Content = new StringContent(ris, Encoding.UTF8, "application/x-research-info-systems"),
            };
            request.Headers.Add("Idempotency-Key", "import-1");
            return request;
        }

        var first = await standalone.As("alice").SendAsync(Upload());
        var retry = await standalone.As("alice").SendAsync(Upload());

        Assert.True(ris.Length > 16 * 1024, "the body spans more than one of the fingerprint's reads");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var importId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid();
        Assert.Equal(importId, (await retry.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("importId").GetGuid());
    }
}
