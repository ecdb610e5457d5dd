using EvSysReview.Contracts.Reviews;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// EventIds are time-ordered (version 7), so the outbox's and the inboxes' indexes on their text take
/// new ids at the right edge (docs/architecture.md, "Messaging").
/// </summary>
public sealed class EventIdTests
{
    [Fact]
    public async Task An_event_id_is_version_7_and_a_later_event_sorts_after_an_earlier_one_as_stored()
    {
        var earlier = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "t", CreatedBy = "x" };
        await Task.Delay(5); // version 7 orders by the millisecond; ids within one are random
        var later = new ProjectCreated { ProjectId = Guid.NewGuid(), Title = "t", CreatedBy = "x" };

        Assert.Equal((7, 7), (earlier.EventId.Version, later.EventId.Version));
        Assert.True(string.CompareOrdinal(earlier.EventId.ToString(), later.EventId.ToString()) < 0,
            $"{earlier.EventId} should sort before {later.EventId}");
    }
}
