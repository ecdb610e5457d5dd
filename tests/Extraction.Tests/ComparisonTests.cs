using System.Net;
using System.Text.Json;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;

using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.Extraction.Tests;

[Collection(ExtractionCollection.Name)]
public sealed class ComparisonTests(ExtractionHost host)
{
    [Fact]
    public async Task The_comparison_lists_every_differing_field_arm_and_outcome_row_and_nothing_else()
    {
        var projectId = await host.CreateProjectAsync("lead2", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead2", "Li, Wei");
        var first = StudyEntries.Complete(studyId);
        var second = first
            .WithField("route", new FieldValue { Choice = "intravenous" })
            .WithField("age", new FieldValue { Number = 7, Unit = "mo" })
            // The same checklist in another order is no difference.
            .WithField("misevCharacterisation", new FieldValue { Checked = ["tsg101", "cd81", "cd63", "tem", "nta"] })
            .WithArm(0, 0, a => a with { Se = 3.4 })
            .WithRow(StudyEntries.Rotarod()) with
        {
            Arms = [first.Arms[0], first.Arms[1] with { Label = "EVs 50ug" }, first.Arms[2]],
        };
        await SaveAndSubmitAsync(projectId, studyId, "alice", first);
        await SaveAndSubmitAsync(projectId, studyId, "bob", second);

        var response = await host.As("lead2").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/comparison");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var comparison = await response.JsonAsync();
        Assert.Equal("alice", comparison.GetProperty("first").GetString());
        Assert.Equal("bob", comparison.GetProperty("second").GetString());
        var differences = comparison.GetProperty("differences").EnumerateArray().ToDictionary(d => d.GetProperty("path").GetString()!);
        Assert.Equal(
            ["arms[low].label", "fields.age.number", "fields.route.choice", "outcomes[mwmEscapeLatency@28 d].arms[pbs].se", "outcomes[rotarodLatency@28 d]"],
            differences.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(5, comparison.GetProperty("count").GetInt32());

        AssertValues(differences["fields.route.choice"], "valuesDiffer", "\"intranasal\"", "\"intravenous\"");
        AssertValues(differences["fields.age.number"], "valuesDiffer", "6", "7");
        AssertValues(differences["arms[low].label"], "valuesDiffer", "\"EVs 50 µg\"", "\"EVs 50ug\"");
        AssertValues(differences["outcomes[mwmEscapeLatency@28 d].arms[pbs].se"], "valuesDiffer", "3.1", "3.4");
        var onlyBob = differences["outcomes[rotarodLatency@28 d]"];
        Assert.Equal("onlyInSecond", onlyBob.GetProperty("kind").GetString());
        Assert.False(onlyBob.TryGetProperty("first", out _));
        Assert.Equal(3, onlyBob.GetProperty("second").GetProperty("arms").GetArrayLength());
    }

    private static void AssertValues(JsonElement difference, string kind, string first, string second)
    {
        Assert.Equal(kind, difference.GetProperty("kind").GetString());
        Assert.Equal(first, difference.GetProperty("first").GetRawText());
        Assert.Equal(second, difference.GetProperty("second").GetRawText());
    }

    private async Task SaveAndSubmitAsync(Guid projectId, Guid studyId, string extractor, ExtractionEntry entry)
    {
        Assert.Equal(HttpStatusCode.Created, (await host.As(extractor).SaveEntryAsync(projectId, studyId, entry)).StatusCode);
        var submitted = await host.As(extractor).PostAsync(projectId, studyId, "submit");
        Assert.True(submitted.StatusCode == HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
    }
}
