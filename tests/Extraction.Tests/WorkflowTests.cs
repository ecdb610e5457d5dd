using System.Net;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;

using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.Extraction.Tests;

/// <summary>Dual extraction → consensus → ExtractionFinalized → correction (reopen) → revision 2, all attributed.</summary>
[Collection(ExtractionCollection.Name)]
public sealed class WorkflowTests(ExtractionHost host)
{
    private const string PbsSe = "outcomes[mwmEscapeLatency@28 d].arms[pbs].se";

    [Fact]
    public async Task Consensus_finalises_with_the_chosen_values_and_a_correction_is_published_as_revision_2()
    {
        var projectId = await host.CreateProjectAsync("lead10", ("alice", ProjectRoles.Reviewer), ("bob", ProjectRoles.Reviewer), ("meth", ProjectRoles.Methodologist));
        var studyId = await host.IncludeStudyAsync(projectId, "lead10", "Smith J", "Jones A");
        var study = ExtractionApi.Study(projectId, studyId);
        var alices = StudyEntries.Complete(studyId);
        var bobs = alices.WithArm(0, 0, a => a with { Se = 3.4 }).WithField("route", new FieldValue { Choice = "intravenous" });
        foreach (var (who, entry) in new[] { ("alice", alices), ("bob", bobs) })
        {
            Assert.Equal(HttpStatusCode.Created, (await host.As(who).SaveEntryAsync(projectId, studyId, entry)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.As(who).PostAsync(projectId, studyId, "submit")).StatusCode);
        }

        var unresolved = await host.As("meth").PostAsync(projectId, studyId, "finalize");
        Assert.Equal(HttpStatusCode.Conflict, unresolved.StatusCode);
        Assert.Contains("differ in 2 place(s)", (await unresolved.JsonAsync()).GetProperty("detail").GetString());

        var consensus = await host.As("meth").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new
        {
            @base = "alice",
            choices = new object[]
            {
                new { path = PbsSe, source = "other" },
                new { path = "fields.route.choice", source = "agreed", value = "intravenous" },
            },
        });
        Assert.Equal(HttpStatusCode.OK, consensus.StatusCode);
        var recorded = await consensus.JsonAsync();
        Assert.Equal(3.4, recorded.GetProperty("outcomes")[0].GetProperty("arms")[0].GetProperty("se").GetDouble());
        Assert.Equal("intravenous", recorded.GetProperty("fields").GetProperty("route").GetProperty("choice").GetString());
        Assert.Equal("consensus", recorded.GetProperty("taskStatus").GetString());
        Assert.False(recorded.TryGetProperty("extractorId", out _));

        var finalised = await host.As("meth").PostAsync(projectId, studyId, "finalize");
        Assert.Equal(HttpStatusCode.OK, finalised.StatusCode);
        Assert.Equal(1, (await finalised.JsonAsync()).GetProperty("revision").GetInt32());

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 1), "ExtractionFinalized revision 1 was published");
        var first = host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId)[0];
        Assert.Equal((projectId, 1, "Smith 2021", 2021), (first.ProjectId, first.Revision, first.StudyLabel, first.Year));
        Assert.Equal("intravenous", first.StudyFields["route"]);
        Assert.Equal("6 mo", first.StudyFields["age"]);
        Assert.Equal("nta; tem; cd63; cd81; tsg101", first.StudyFields["misevCharacterisation"]);
        Assert.Equal(["mortality@28 d/high-vs-pbs", "mortality@28 d/low-vs-pbs", "mwmEscapeLatency@28 d/high-vs-pbs", "mwmEscapeLatency@28 d/low-vs-pbs"], first.Outcomes.Select(o => o.Key).Order(StringComparer.Ordinal));
        var low = first.Outcomes.Single(o => o.Key == "mwmEscapeLatency@28 d/low-vs-pbs");
        Assert.Equal(("mwmEscapeLatency", "28 d", "EVs 50 µg vs PBS", "higher-is-worse", "s"), (low.Outcome, low.TimePoint, low.Comparison, low.Direction, low.Unit));
        Assert.Equal(new ArmData(35.0, 8.4, 10, null), low.Treatment);
        // PBS serves both comparisons: its 10 animals are split, 5 each (Cochrane Handbook 23.3.4).
        Assert.Equal((45.2, 5.0, (double?)null), (low.Control.Mean!.Value, low.Control.N, low.Control.Events));
        // The consensus took bob's SE; the synthesis gets SD = SE·√n with the paper's n (Cochrane Handbook 6.5.2.2).
        Assert.Equal(3.4 * Math.Sqrt(10), low.Control.Sd!.Value, 12);
        Assert.True(low.SharedControl);
        Assert.True(low.FromFigure);
        Assert.True(low.Converted);
        var deaths = first.Outcomes.Single(o => o.Key == "mortality@28 d/low-vs-pbs");
        Assert.Equal(new ArmData(null, null, 6, 1.5), deaths.Control);
        Assert.Equal(new ArmData(null, null, 12, 1), deaths.Treatment);

        var csv = await (await host.As("alice").GetAsync($"/api/extraction/projects/{projectId}/export?format=csv")).Content.ReadAsStringAsync();
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, rows.Length);
        Assert.StartsWith($"{studyId},Smith 2021,mwmEscapeLatency,", rows[1]);

        // A correction: reopen, change the consensus from its current state, finalise again.
        var reopened = await host.As("meth").PostAsync(projectId, studyId, "reopen", new { reason = "PBS SD misread from Table 2" });
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId).Count == 1), "ExtractionReopened was published");
        var reopenedEvent = host.Observed.Where<ExtractionReopened>(e => e.StudyId == studyId)[0];
        Assert.Equal((1, "PBS SD misread from Table 2", false), (reopenedEvent.Revision, reopenedEvent.Reason, reopenedEvent.Withdrawn));
        var emptyCsv = await (await host.As("alice").GetAsync($"/api/extraction/projects/{projectId}/export?format=csv")).Content.ReadAsStringAsync();
        Assert.Single(emptyCsv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries));

        var current = await host.As("meth").GetAsync($"{study}/consensus");
        var stale = current.Headers.ETag!.Tag;
        var corrected = await host.As("meth").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = new object[] { new { path = PbsSe, source = "agreed", value = 3.0 } } }, stale);
        Assert.Equal(HttpStatusCode.OK, corrected.StatusCode);
        var replayedOnStale = await host.As("lead10").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = new object[] { new { path = PbsSe, source = "agreed", value = 1.0 } } }, stale);
        Assert.Equal(HttpStatusCode.PreconditionFailed, replayedOnStale.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("lead10").PostAsync(projectId, studyId, "finalize")).StatusCode);

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 2), "ExtractionFinalized revision 2 was published");
        var second = host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Single(e => e.Revision == 2);
        Assert.All(second.Outcomes.Where(o => o.Outcome == "mwmEscapeLatency"), o => Assert.Equal(3.0 * Math.Sqrt(10), o.Control.Sd!.Value, 12));

        var records = (await (await host.As("lead10").GetAsync($"{study}/history")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(
            ["taskCreated", "extractionStarted", "entrySaved", "submitted", "extractionStarted", "entrySaved", "submitted", "consensusBegun", "consensusSaved", "finalised", "reopened", "consensusSaved", "finalised"],
            records.Select(r => r.GetProperty("action").GetString()));
        var correction = records.Where(r => r.GetProperty("action").GetString() == "consensusSaved").Last();
        Assert.Equal("meth", correction.GetProperty("changedBy").GetString());
        var change = Assert.Single(correction.GetProperty("changes").EnumerateArray());
        Assert.Equal((PbsSe, 3.4, 3.0), (change.GetProperty("path").GetString(), change.GetProperty("oldValue").GetDouble(), change.GetProperty("newValue").GetDouble()));
        var reopenRecord = records.Single(r => r.GetProperty("action").GetString() == "reopened");
        Assert.Equal(("meth", "PBS SD misread from Table 2"), (reopenRecord.GetProperty("changedBy").GetString(), reopenRecord.GetProperty("reason").GetString()));
        Assert.Equal("lead10", records.Last().GetProperty("changedBy").GetString());
    }
}
