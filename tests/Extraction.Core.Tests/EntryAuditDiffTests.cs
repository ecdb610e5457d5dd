using EvSysReview.Extraction.Core.Audit;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class EntryAuditDiffTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 14, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void A_save_records_each_changed_path_with_old_and_new_value_who_and_when()
    {
        var old = SampleEntries.Complete();
        var edited = old.WithArm(0, 1, a => a with { Sd = 8.2 }).WithField("sex", new FieldValue { Choice = "both" });

        var record = EntryAuditDiff.Compute(old, edited, "ana", At);

        Assert.Equal(("li-2021", "ana", At), (record.StudyId, record.ChangedBy, record.ChangedAt));
        Assert.Equal(
            [
                ("fields.sex.choice", "\"male\"", "\"both\""),
                ("outcomes[mwmEscapeLatency@28 d].arms[low].sd", "8.4", "8.2"),
            ],
            record.Changes.Select(c => (c.Path, c.OldValue!.ToJsonString(), c.NewValue!.ToJsonString())));
    }

    [Fact]
    public void Even_a_tiny_numeric_change_is_recorded()
    {
        var old = SampleEntries.Complete();

        var record = EntryAuditDiff.Compute(old, old.WithArm(0, 1, a => a with { Mean = 35.0000001 }), "ana", At);

        Assert.Single(record.Changes);
    }

    [Fact]
    public void Creation_records_every_part_as_added()
    {
        var record = EntryAuditDiff.Compute(null, SampleEntries.Complete(), "ana", At);

        Assert.All(record.Changes, c => Assert.Null(c.OldValue));
        Assert.Contains(record.Changes, c => c.Path == "fields.route");
        Assert.Contains(record.Changes, c => c.Path == "arms[pbs]");
        Assert.Contains(record.Changes, c => c.Path == "comparisons[high-vs-pbs]");
        Assert.Contains(record.Changes, c => c.Path == "outcomes[mortality@28 d]");
        Assert.Equal(19 + 3 + 2 + 2, record.Changes.Count);
    }

    [Fact]
    public void Removing_a_row_keeps_its_old_content()
    {
        var old = SampleEntries.Complete();

        var change = Assert.Single(EntryAuditDiff.Compute(old, old with { Outcomes = [old.Outcomes[0]] }, "ben", At).Changes);

        Assert.Equal("outcomes[mortality@28 d]", change.Path);
        Assert.Null(change.NewValue);
        Assert.Equal(3, change.OldValue!["arms"]![0]!["events"]!.GetValue<int>());
    }

    [Fact]
    public void Saving_without_changes_gives_an_empty_record()
    {
        Assert.True(EntryAuditDiff.Compute(SampleEntries.Complete(), SampleEntries.Complete(), "ana", At).IsEmpty);
    }
}
