using System.Net;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;

using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.Extraction.Tests;

/// <summary>While both extractions are open, nothing bob entered reaches alice (or anyone) through any endpoint.</summary>
[Collection(ExtractionCollection.Name)]
public sealed class BlindingTests(ExtractionHost host)
{
    private const string BobsStrain = "bob-only-strain-marker";
    private const double BobsSe = 77.123;

    [Fact]
    public async Task No_endpoint_shows_another_extractors_entry_until_both_are_submitted()
    {
        var projectId = await host.CreateProjectAsync("lead1", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer), ("meth", ProjectRoles.Methodologist), ("obs", ProjectRoles.Observer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead1", "Smith J");
        var alicesEntry = StudyEntries.Complete(studyId);
        var bobsEntry = alicesEntry.WithField("strain", new FieldValue { Text = BobsStrain }).WithArm(0, 0, a => a with { Se = BobsSe });
        Assert.Equal(HttpStatusCode.Created, (await host.As("alice").SaveEntryAsync(projectId, studyId, alicesEntry)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.As("bob").SaveEntryAsync(projectId, studyId, bobsEntry)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("alice").PostAsync(projectId, studyId, "submit")).StatusCode);

        var study = ExtractionApi.Study(projectId, studyId);
        string[] readable =
        [
            $"/api/extraction/projects/{projectId}/tasks", $"/api/extraction/projects/{projectId}/tasks?assignedTo=me",
            $"{study}/entries/me", $"{study}/comparison", $"{study}/consensus", $"{study}/history",
            $"/api/extraction/projects/{projectId}/export?format=csv",
        ];
        foreach (var reader in new[] { "alice", "meth", "obs", "lead1" })
        {
            foreach (var path in readable)
            {
                var response = await host.As(reader).GetAsync(path);
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain(BobsStrain, body);
                Assert.DoesNotContain("77.123", body);
            }
        }

        var aliceOwn = await (await host.As("alice").GetAsync($"{study}/entries/me")).JsonAsync();
        Assert.Equal("C57BL/6J background", aliceOwn.GetProperty("fields").GetProperty("strain").GetProperty("text").GetString());
        var comparison = await host.As("meth").GetAsync($"{study}/comparison");
        Assert.Equal(HttpStatusCode.Conflict, comparison.StatusCode);
        Assert.Contains("blinded", (await comparison.JsonAsync()).GetProperty("detail").GetString());
        var history = await (await host.As("alice").GetAsync($"{study}/history")).JsonAsync();
        Assert.DoesNotContain(history.EnumerateArray(), r => r.GetProperty("subject").GetString() == "entry:bob");
        Assert.Contains(history.EnumerateArray(), r => r.GetProperty("subject").GetString() == "entry:alice");

        // Once bob submits too, the blind is lifted for everyone who may read the comparison.
        Assert.Equal(HttpStatusCode.OK, (await host.As("bob").PostAsync(projectId, studyId, "submit")).StatusCode);
        var opened = await (await host.As("alice").GetAsync($"{study}/comparison")).JsonAsync();
        Assert.Contains(opened.GetProperty("differences").EnumerateArray(), d => d.GetProperty("path").GetString() == "fields.strain.text" && d.GetProperty("second").GetString() == BobsStrain);
        var fullHistory = await (await host.As("alice").GetAsync($"{study}/history")).JsonAsync();
        Assert.Contains(fullHistory.EnumerateArray(), r => r.GetProperty("subject").GetString() == "entry:bob");
    }
}
