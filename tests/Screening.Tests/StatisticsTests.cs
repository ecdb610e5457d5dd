using System.Net;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests;

[Collection(ScreeningCollection.Name)]
public sealed class StatisticsTests(ScreeningHost host)
{
    private const int Digits = 9;

    private static readonly (string, string)[] Team = [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer), ("meg", ProjectRoles.Methodologist)];

    [Fact]
    public async Task Kappa_through_the_statistics_endpoint_matches_vcd()
    {
        // The small-sample table of Screening.Core.Tests/Agreement/CohenKappaTests (R 4.2, vcd 1.4-11,
        // tests/Screening.Core.Tests/reference/cohen_kappa_reference.R):
        //   k <- vcd::Kappa(matrix(c(3, 1, 2, 4), nrow = 2)); k$Unweighted; confint(k)
        // rows ana, columns ben: 3 both include, 2 ana include/ben exclude, 1 ana exclude/ben include, 4 both exclude.
        var projectId = await host.CreateProjectAsync("lead", Team, fullText: false);
        var pairs = new[] { ("include", "include", 3), ("include", "exclude", 2), ("exclude", "include", 1), ("exclude", "exclude", 4) }
            .SelectMany(p => Enumerable.Repeat((Ana: p.Item1, Ben: p.Item2), p.Item3)).ToList();
        var records = await host.ImportAsync(projectId, pairs.Select((_, i) => Citation($"Kappa record {i}")).ToArray());

        for (var i = 0; i < pairs.Count; i++)
        {
            var itemId = ScreeningHost.TitleAbstract(records[i]);
            Assert.Equal(HttpStatusCode.OK, (await host.As("ana").DecideAsync(projectId, itemId, pairs[i].Ana)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await host.As("ben").DecideAsync(projectId, itemId, pairs[i].Ben)).StatusCode);
        }

        // The three disagreements are conflicts until the methodologist resolves them.
        var conflicts = await (await host.As("meg").GetAsync($"{ScreeningApi.Project(projectId)}/conflicts")).JsonAsync();
        Assert.Equal(3, conflicts.GetArrayLength());
        var before = await (await host.As("meg").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync();
        Assert.Equal(3, before.GetProperty("stages").GetProperty("title-abstract").GetProperty("conflictsOpen").GetInt32());
        var noNote = await host.As("meg").ResolveAsync(projectId, conflicts[0].GetProperty("itemId").GetGuid(), "exclude", " ");
        Assert.Equal("note", await noNote.ProblemFieldAsync());
        foreach (var conflict in conflicts.EnumerateArray())
        {
            Assert.Equal(2, conflict.GetProperty("decisions").GetArrayLength());
            Assert.Equal("disagreement", conflict.GetProperty("reason").GetString());
            Assert.Equal(HttpStatusCode.OK, (await host.As("meg").ResolveAsync(projectId, conflict.GetProperty("itemId").GetGuid(), "exclude", "Cell culture only.", "in vitro only")).StatusCode);
        }

        var statistics = await (await host.As("ana").GetAsync($"{ScreeningApi.Project(projectId)}/statistics")).JsonAsync();
        var pair = Assert.Single(statistics.GetProperty("agreement").EnumerateArray());
        Assert.Equal(("ana", "ben", 10), (pair.GetProperty("reviewerA").GetString(), pair.GetProperty("reviewerB").GetString(), pair.GetProperty("n").GetInt32()));
        Assert.Equal(0.4, pair.GetProperty("kappa").GetDouble(), Digits);
        Assert.Equal(-0.156574558618, pair.GetProperty("ciLower").GetDouble(), Digits);
        Assert.Equal(0.956574558618, pair.GetProperty("ciUpper").GetDouble(), Digits);

        var stage = statistics.GetProperty("stages").GetProperty("title-abstract");
        Assert.Equal((10, 3, 7, 0), (stage.GetProperty("screened").GetInt32(), stage.GetProperty("included").GetInt32(), stage.GetProperty("excluded").GetInt32(), stage.GetProperty("remaining").GetInt32()));
        Assert.Equal(3, stage.GetProperty("conflictsResolved").GetInt32());
        Assert.Equal(3, stage.GetProperty("excludedByReason").GetProperty("in vitro only").GetInt32());
        Assert.Equal(4, stage.GetProperty("excludedByReason").GetProperty("(no reason given)").GetInt32());

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<ConflictResolved>(projectId).Count == 3), "three ConflictResolved");
        Assert.All(host.Observed.Of<ConflictResolved>(projectId), e => Assert.Equal(("meg", "exclude", "in vitro only"), (e.ResolvedBy, e.Decision, e.Reason)));
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<ConflictRaised>(projectId).Count == 3), "three ConflictRaised");
        // Without a full-text stage a title/abstract include is the study's inclusion.
        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Of<StudyIncluded>(projectId).Count == 3), "three StudyIncluded");
    }
}
