using System.Collections.Concurrent;
using System.Net;
using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using static EvSysReview.Screening.Tests.ScreeningProjects;

namespace EvSysReview.Screening.Tests.Queue;

/// <summary>`next` from the in-memory queue through HTTP: no over-serving under concurrency, and a restart rebuilds the queue from the store.</summary>
[Collection(ScreeningCollection.Name)]
public sealed class QueueTests(ScreeningHost host)
{
    [Theory]
    [InlineData(1, new[] { "ana", "ben" })]
    [InlineData(2, new[] { "ana", "ben" })]
    [InlineData(2, new[] { "ana", "ben", "cat" })]
    public async Task Reviewers_screening_at_once_are_each_served_an_item_no_more_often_than_the_protocol_needs(int reviewersPerRecord, string[] reviewers)
    {
        var projectId = await host.CreateProjectAsync("lead", reviewers.Select(r => (r, ProjectRoles.Reviewer)).ToArray(), reviewersPerRecord, fullText: false);
        var records = await host.ImportAsync(projectId, Enumerable.Range(0, 16).Select(i => Citation($"Queue record {i}")).ToArray());
        var served = new ConcurrentBag<(string Reviewer, Guid ItemId)>();
        var answers = new ConcurrentBag<HttpStatusCode>();

        await Task.WhenAll(reviewers.Select(async reviewer =>
        {
            var client = host.As(reviewer);
            while (true)
            {
                var next = await client.NextAsync(projectId);
                if (next.StatusCode == HttpStatusCode.NoContent) break;
                var itemId = (await next.JsonAsync()).GetProperty("itemId").GetGuid();
                served.Add((reviewer, itemId));
                answers.Add((await client.DecideAsync(projectId, itemId, "exclude")).StatusCode);
            }
        }));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(records.Length * reviewersPerRecord, served.Count);
        Assert.All(served.GroupBy(s => s.ItemId), g => Assert.Equal(reviewersPerRecord, g.Select(s => s.Reviewer).Distinct().Count()));
        foreach (var recordId in records)
            Assert.Equal(reviewersPerRecord, (await host.Repository().ItemAsync(projectId, ScreeningHost.TitleAbstract(recordId), default))!.Value.Item.Decisions.Count);
    }

    [Fact]
    public async Task After_a_restart_the_queue_is_rebuilt_from_the_store_and_follows_new_writes()
    {
        var first = new ScreeningHost();
        await first.InitializeAsync();
        Guid projectId;
        Guid[] records;
        try
        {
            projectId = await first.CreateProjectAsync("lead", [("ana", ProjectRoles.Reviewer), ("ben", ProjectRoles.Reviewer)]);
            records = await first.ImportAsync(projectId, Citation("Restart A"), Citation("Restart B"), Citation("Restart C"));
            Assert.Equal(records[0], (await (await first.As("ana").NextAsync(projectId)).JsonAsync()).GetProperty("recordId").GetGuid());
            Assert.Equal(HttpStatusCode.OK, (await first.As("ana").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[0]), "include")).StatusCode);
            Assert.Equal(records[1], (await (await first.As("ana").NextAsync(projectId)).JsonAsync()).GetProperty("recordId").GetGuid());
        }
        finally
        {
            await first.DisposeAsync();
        }

        var restarted = await ScreeningHost.RestartOnAsync(first.DataDirectory);
        try
        {
            // ana's decision on A is read back from the store; leases lived in memory and are gone.
            var ana = await (await restarted.As("ana").NextAsync(projectId)).JsonAsync();
            Assert.Equal(records[1], ana.GetProperty("recordId").GetGuid());
            Assert.Equal((0, 3), (ana.GetProperty("progress").GetProperty("screened").GetInt32(), ana.GetProperty("progress").GetProperty("remaining").GetInt32()));
            var ben = await (await restarted.As("ben").NextAsync(projectId)).JsonAsync();
            Assert.Equal(records[0], ben.GetProperty("recordId").GetGuid());
            Assert.Equal("open", ben.GetProperty("status").GetString());

            // The rebuilt queue follows the writes of the restarted process: A advances to full text.
            Assert.Equal(HttpStatusCode.OK, (await restarted.As("ben").DecideAsync(projectId, ScreeningHost.TitleAbstract(records[0]), "include")).StatusCode);
            var fullText = await (await restarted.As("ana").NextAsync(projectId, "full-text")).JsonAsync();
            Assert.Equal(ScreeningHost.FullText(records[0]), fullText.GetProperty("itemId").GetGuid());
            var progress = (await (await restarted.As("ben").NextAsync(projectId)).JsonAsync()).GetProperty("progress");
            Assert.Equal((1, 2), (progress.GetProperty("screened").GetInt32(), progress.GetProperty("remaining").GetInt32()));
            await Eventually.HoldsAsync(() => Task.FromResult(restarted.Observed.Of<RecordAdvanced>(projectId).Count == 1), "RecordAdvanced after the restart");
        }
        finally
        {
            await restarted.DisposeAsync();
        }
    }
}
