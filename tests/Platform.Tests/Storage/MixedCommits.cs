using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Platform.Tests.Storage;

/// <summary>
/// A set of commits sent at once where every third one is fine, every third one writes over a stale
/// version and every third one redelivers a message already applied; each of the last two also
/// carries a document and an event that must not be written.
/// </summary>
internal static class MixedCommits
{
    public const int Count = 30;

    private const string AppliedMessageConsumer = "mixed";

    private static readonly Guid AppliedMessage = Guid.NewGuid();

    private sealed record Note(string Text);

    public static Task SeedAsync(IDocumentStore store) =>
        store.CommitAsync(new UnitOfWork().MarkApplied(AppliedMessageConsumer, AppliedMessage).Put("mixed", "shared", "p", new Note("v1"), 0));

    public static async Task<string> SendAsync(IDocumentStore store, int i)
    {
        var work = new UnitOfWork().Put("mixed", $"own-{i}", "p", new Note($"commit {i}"), 0)
            .Publish(new ProjectCreated { ProjectId = Guid.NewGuid(), Title = $"event {i}", CreatedBy = "x" });
        switch (i % 3)
        {
            case 1: work.Put("mixed", "shared", "p", new Note($"stale {i}"), 0); break;
            case 2: work.MarkApplied(AppliedMessageConsumer, AppliedMessage); break;
        }

        try
        {
            return (await store.CommitAsync(work)).ToString();
        }
        catch (ConcurrencyConflictException)
        {
            return "conflict";
        }
    }

    public static async Task AssertEachOnItsOwnAsync(IDocumentStore store, string[] outcomes, int pendingBefore)
    {
        for (var i = 0; i < Count; i++)
        {
            var expected = (i % 3) switch { 0 => nameof(CommitResult.Committed), 1 => "conflict", _ => nameof(CommitResult.AlreadyApplied) };
            Assert.Equal(expected, outcomes[i]);
            var own = await store.GetAsync("mixed", $"own-{i}");
            if (i % 3 == 0) Assert.Equal(1, own?.Version);
            else Assert.Null(own);
        }

        var shared = (await store.GetAsync("mixed", "shared"))!;
        Assert.Equal(1, shared.Version);
        Assert.Contains("v1", shared.Json);
        Assert.Equal(pendingBefore + Count / 3, await store.CountPendingOutboxAsync());
    }
}
