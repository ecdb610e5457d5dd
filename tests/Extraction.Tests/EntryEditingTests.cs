using System.Net;
using System.Net.Http.Json;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;

using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.Extraction.Tests;

[Collection(ExtractionCollection.Name)]
public sealed class EntryEditingTests(ExtractionHost host)
{
    [Fact]
    public async Task Two_edits_from_the_same_version_give_one_success_and_one_412_not_a_lost_update()
    {
        var projectId = await host.CreateProjectAsync("lead3", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead3", "Garcia M");
        var created = await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        var read = await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me");
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("\"1\"", etag);

        // Two tabs edit from the same version; the second save would silently undo the first without If-Match.
        var tab1 = StudyEntries.Complete(studyId).WithField("strain", new FieldValue { Text = "tab 1" });
        var tab2 = StudyEntries.Complete(studyId).WithField("passage", new FieldValue { Text = "tab 2" });
        var first = await host.As("alice").SaveEntryAsync(projectId, studyId, tab1, etag);
        var second = await host.As("alice").SaveEntryAsync(projectId, studyId, tab2, etag);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("\"2\"", first.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, second.StatusCode);
        Assert.Equal("If-Match", (await second.JsonAsync()).GetProperty("field").GetString());

        var stored = await (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).JsonAsync();
        Assert.Equal("tab 1", stored.GetProperty("fields").GetProperty("strain").GetProperty("text").GetString());
        Assert.Equal("P3–P5", stored.GetProperty("fields").GetProperty("passage").GetProperty("text").GetString());
    }

    [Fact]
    public async Task An_update_without_If_Match_is_428_a_stale_one_412_and_only_the_first_save_may_omit_it()
    {
        var projectId = await host.CreateProjectAsync("lead24", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead24", "Lund E");
        var created = await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var edit = StudyEntries.Complete(studyId).WithField("strain", new FieldValue { Text = "C57BL/6J" });
        var withoutIfMatch = await host.As("alice").SaveEntryAsync(projectId, studyId, edit);
        Assert.Equal((HttpStatusCode)428, withoutIfMatch.StatusCode);
        var problem = await withoutIfMatch.JsonAsync();
        Assert.Equal(("If-Match", 428, "Precondition required"), (problem.GetProperty("field").GetString(), problem.GetProperty("status").GetInt32(), problem.GetProperty("title").GetString()));
        Assert.Contains("If-Match: \"1\"", problem.GetProperty("detail").GetString());

        var stale = await host.As("alice").SaveEntryAsync(projectId, studyId, edit, "\"7\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("If-Match", (await stale.JsonAsync()).GetProperty("field").GetString());

        var stored = await (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).JsonAsync();
        Assert.Equal("C57BL/6J background", stored.GetProperty("fields").GetProperty("strain").GetProperty("text").GetString());
        var current = await host.As("alice").SaveEntryAsync(projectId, studyId, edit, created.Headers.ETag!.Tag);
        Assert.Equal((HttpStatusCode.OK, "\"2\""), (current.StatusCode, current.Headers.ETag!.Tag));
    }

    [Fact]
    public async Task Racing_edits_from_the_same_version_never_both_succeed()
    {
        var projectId = await host.CreateProjectAsync("lead4", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead4", "Chen X");
        var created = await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId));
        var etag = created.Headers.ETag!.Tag;

        var edits = Enumerable.Range(1, 6)
            .Select(i => host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId).WithField("strain", new FieldValue { Text = $"edit {i}" }), etag))
            .ToList();
        var responses = await Task.WhenAll(edits);

        // A request that passed the If-Match check but lost the commit gets 409 from the store's version check.
        var winners = responses.Select((r, i) => (r, i)).Where(x => x.r.StatusCode == HttpStatusCode.OK).ToList();
        Assert.Single(winners);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.OK), r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.PreconditionFailed, HttpStatusCode.Conflict }));
        var stored = await (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).JsonAsync();
        Assert.Equal($"edit {winners[0].i + 1}", stored.GetProperty("fields").GetProperty("strain").GetProperty("text").GetString());
    }

    [Fact]
    public async Task Invalid_entries_are_400_problems_keyed_by_the_path_of_each_bad_value_and_nothing_is_saved()
    {
        var projectId = await host.CreateProjectAsync("lead5", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead5", "Kim S");
        var bad = StudyEntries.Complete(studyId)
            .WithArm(0, 1, a => a with { Sd = -1 })
            .WithField("route", new FieldValue { Choice = "oral" })
            .WithField("colour", new FieldValue { Text = "blue" });

        var response = await host.As("alice").SaveEntryAsync(projectId, studyId, bad);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.Equal(["fields.colour", "fields.route.choice", "outcomes[0].arms[1].sd"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.StartsWith("range:", errors.GetProperty("outcomes[0].arms[1].sd")[0].GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).StatusCode);
        var task = await host.TaskAsync(projectId, studyId, "alice");
        Assert.Equal("taskCreated", task!.Value.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Nulls_and_malformed_json_are_400s_naming_the_place_never_500s()
    {
        var projectId = await host.CreateProjectAsync("lead6", ("alice", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead6", "Kim S");
        var path = $"{ExtractionApi.Study(projectId, studyId)}/entries/me";

        var nullId = await host.As("alice").PutAsync(path, JsonContent.Create(new { arms = new object?[] { new { id = (string?)null, label = "PBS", role = "control" }, null }, outcomes = new[] { new { outcome = "mwmEscapeLatency", arms = (object?)null } } }));
        Assert.Equal(HttpStatusCode.BadRequest, nullId.StatusCode);
        var errors = (await nullId.JsonAsync()).GetProperty("errors");
        Assert.Equal(["arms[0].id", "arms[1]", "outcomes[0].arms"], errors.EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));

        var wrongType = await host.As("alice").PutAsync(path, new StringContent("{\"arms\":[{\"id\":\"a\",\"label\":\"A\",\"role\":\"dragon\"}]}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);

        var submitIncomplete = await host.As("alice").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId).WithField("route", null));
        Assert.Equal(HttpStatusCode.Created, submitIncomplete.StatusCode);
        var refused = await host.As("alice").PostAsync(projectId, studyId, "submit");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.True((await refused.JsonAsync()).GetProperty("errors").TryGetProperty("fields.route", out _));
    }

    [Fact]
    public async Task An_entry_cannot_change_after_submission_and_a_third_extractor_is_refused()
    {
        var projectId = await host.CreateProjectAsync("lead7", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer), ("carol", ProjectRoles.Reviewer));
        var studyId = await host.IncludeStudyAsync(projectId, "lead7", "Park J");
        var entry = StudyEntries.Complete(studyId);
        Assert.Equal(HttpStatusCode.Created, (await host.As("alice").SaveEntryAsync(projectId, studyId, entry)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await host.As("bob").SaveEntryAsync(projectId, studyId, entry)).StatusCode);

        var third = await host.As("carol").SaveEntryAsync(projectId, studyId, entry);
        Assert.Equal(HttpStatusCode.Conflict, third.StatusCode);
        Assert.Contains("already has 2 extractor", (await third.JsonAsync()).GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.OK, (await host.As("alice").PostAsync(projectId, studyId, "submit")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("alice").PostAsync(projectId, studyId, "submit")).StatusCode);
        var alicesEtag = (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, studyId)}/entries/me")).Headers.ETag!.Tag;
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("alice").SaveEntryAsync(projectId, studyId, entry.WithField("strain", null), alicesEtag)).StatusCode);
        var task = (await host.TaskAsync(projectId, studyId, "alice"))!.Value;
        Assert.Equal(["alice", "bob"], task.GetProperty("extractors").EnumerateArray().Select(e => e.GetString()));
        Assert.True(task.GetProperty("submittedByMe").GetBoolean());
        Assert.Equal(1, task.GetProperty("submitted").GetInt32());
    }
}
