using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class ExtractionLifecycleTests
{
    internal static ExtractionTask Run(ExtractionTask task, params ExtractionCommand[] commands)
    {
        foreach (var command in commands)
        {
            var transition = ExtractionLifecycle.Apply(task, command);
            Assert.True(transition.IsAllowed, transition.Refusal);
            task = transition.Task;
        }

        return task;
    }

    private static string Refused(ExtractionTask task, ExtractionCommand command)
    {
        var transition = ExtractionLifecycle.Apply(task, command);
        Assert.False(transition.IsAllowed);
        Assert.Same(task, transition.Task);
        return transition.Refusal!;
    }

    private static ExtractionTask Dual() => ExtractionTask.Create("li-2021", ExtractionMode.DualIndependent);

    [Fact]
    public void Dual_extraction_goes_from_created_to_finalised()
    {
        var task = Dual();
        Assert.Equal(ExtractionStatus.TaskCreated, task.Status);

        task = Run(task, new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"));
        Assert.Equal(ExtractionStatus.InProgress, task.Status);
        task = Run(task, new SubmitExtraction("ben"));
        Assert.Equal(ExtractionStatus.AllSubmitted, task.Status);
        task = Run(task, new BeginConsensus("cy"));
        Assert.Equal(ExtractionStatus.Consensus, task.Status);
        task = Run(task, new FinaliseExtraction("cy"));
        Assert.Equal((ExtractionStatus.Finalised, 1), (task.Status, task.TimesFinalised));
    }

    [Fact]
    public void Reopened_extraction_is_finalised_again()
    {
        var task = Run(Dual(), new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"),
            new SubmitExtraction("ben"), new BeginConsensus("cy"), new FinaliseExtraction("cy"));

        task = Run(task, new ReopenExtraction("cy", "SD column was SE in Table 2"));
        Assert.Equal((ExtractionStatus.Reopened, "SD column was SE in Table 2"), (task.Status, task.Reason));
        Assert.True(ExtractionLifecycle.CanEditConsensus(task));

        var transition = ExtractionLifecycle.Apply(task, new FinaliseExtraction("cy"));
        Assert.Equal((ExtractionStatus.Reopened, ExtractionStatus.Finalised, 2),
            (transition.PreviousStatus, transition.Task.Status, transition.Task.TimesFinalised));
    }

    [Fact]
    public void Out_of_order_commands_are_refused_with_a_reason()
    {
        var created = Dual();
        Assert.Equal("Nothing can be submitted when the task is TaskCreated.", Refused(created, new SubmitExtraction("ana")));
        Assert.Equal("Only a finalised extraction can be reopened, not one that is TaskCreated.", Refused(created, new ReopenExtraction("cy", "typo")));

        var halfway = Run(created, new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"));
        Assert.Equal("Consensus waits for 1 more submission(s).", Refused(halfway, new BeginConsensus("cy")));
        Assert.Equal("ana has already submitted.", Refused(halfway, new SubmitExtraction("ana")));
        Assert.Equal("This study already has 2 extractor(s).", Refused(halfway, new StartExtraction("dee")));
        Assert.Equal("dee is not an extractor of this study.", Refused(halfway, new SubmitExtraction("dee")));
        Assert.Equal("Only a consensus or reopened extraction can be finalised, not one that is InProgress.",
            Refused(halfway, new FinaliseExtraction("cy")));
    }

    [Fact]
    public void Reopening_needs_a_reason()
    {
        var finalised = Run(Dual(), new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"),
            new SubmitExtraction("ben"), new BeginConsensus("cy"), new FinaliseExtraction("cy"));

        Assert.Equal("Say why the extraction is reopened.", Refused(finalised, new ReopenExtraction("cy", " ")));
    }

    [Fact]
    public void Withdrawn_extraction_refuses_everything()
    {
        var task = Run(Dual(), new StartExtraction("ana"), new WithdrawExtraction("system", "Excluded at full text: in vitro only"));

        Assert.Equal(ExtractionStatus.Withdrawn, task.Status);
        Assert.Equal("The study was excluded; its extraction is withdrawn.", Refused(task, new SubmitExtraction("ana")));
        Assert.Equal("The study was excluded; its extraction is withdrawn.", Refused(task, new WithdrawExtraction("system", "again")));
        Assert.False(ExtractionLifecycle.CanEditOwnEntry(task, "ana"));
    }

    [Fact]
    public void A_finalised_extraction_can_be_withdrawn()
    {
        var finalised = Run(Dual(), new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"),
            new SubmitExtraction("ben"), new BeginConsensus("cy"), new FinaliseExtraction("cy"));

        var transition = ExtractionLifecycle.Apply(finalised, new WithdrawExtraction("system", "Retracted"));

        Assert.Equal((ExtractionStatus.Finalised, ExtractionStatus.Withdrawn), (transition.PreviousStatus, transition.Task.Status));
    }

    [Fact]
    public void Single_extraction_with_verification_needs_one_submission_and_another_verifier()
    {
        var task = Run(ExtractionTask.Create("li-2021", ExtractionMode.SingleWithVerification),
            new StartExtraction("ana"), new SubmitExtraction("ana"));
        Assert.Equal(ExtractionStatus.AllSubmitted, task.Status);

        Assert.Equal("The extractor cannot verify their own extraction.", Refused(task, new BeginConsensus("ana")));
        task = Run(task, new BeginConsensus("ben"));
        Assert.Equal("The extractor cannot verify their own extraction.", Refused(task, new FinaliseExtraction("ana")));
        task = Run(task, new FinaliseExtraction("ben"));
        Assert.Equal(ExtractionStatus.Finalised, task.Status);
    }

    [Fact]
    public void Extractors_edit_their_own_entry_only_until_they_submit()
    {
        var task = Run(Dual(), new StartExtraction("ana"), new StartExtraction("ben"));
        Assert.True(ExtractionLifecycle.CanEditOwnEntry(task, "ana"));
        Assert.False(ExtractionLifecycle.CanEditOwnEntry(task, "cy"));

        task = Run(task, new SubmitExtraction("ana"));
        Assert.False(ExtractionLifecycle.CanEditOwnEntry(task, "ana"));
        Assert.True(ExtractionLifecycle.CanEditOwnEntry(task, "ben"));
        Assert.False(ExtractionLifecycle.CanEditConsensus(task));
    }
}
