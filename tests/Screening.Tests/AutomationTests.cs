using System.Net;
using System.Net.Http.Json;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.Screening.Tests;

/// <summary>The automation settings under optimistic concurrency: two leads must not overwrite each other unseen.</summary>
[Collection(ScreeningCollection.Name)]
public sealed class AutomationTests(ScreeningHost host)
{
    [Fact]
    public async Task A_put_with_a_stale_If_Match_is_refused_with_412_and_changes_nothing()
    {
        var projectId = await host.CreateProjectAsync("lead", [("ana", ProjectRoles.Reviewer)], reviewersPerRecord: 1, fullText: false);
        var path = $"{ScreeningApi.Project(projectId)}/automation";
        var lead = host.As("lead");
        var read = await lead.GetAsync(path);
        var loaded = read.Headers.ETag?.Tag;
        Assert.NotNull(loaded);

        var first = await PutAsync(lead, path, 0.3, loaded);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var afterFirst = first.Headers.ETag?.Tag;
        Assert.NotNull(afterFirst);
        Assert.NotEqual(loaded, afterFirst);

        // A second lead loaded the settings before the first saved.
        var stale = await PutAsync(lead, path, 0.7, loaded);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("If-Match", await stale.ProblemFieldAsync());
        var now = await lead.GetAsync(path);
        Assert.Equal((0.3, afterFirst), ((await now.JsonAsync()).GetProperty("threshold").GetDouble(), now.Headers.ETag?.Tag));

        // If-Match stays optional, as on the other endpoints that take it.
        var unconditional = await PutAsync(lead, path, 0.6, null);
        Assert.Equal(HttpStatusCode.OK, unconditional.StatusCode);
        Assert.Equal(0.6, (await (await lead.GetAsync(path)).JsonAsync()).GetProperty("threshold").GetDouble());
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, string path, double threshold, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = JsonContent.Create(new { enabled = true, threshold }) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }
}
