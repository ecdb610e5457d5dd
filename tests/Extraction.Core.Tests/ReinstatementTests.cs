using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Core.Tests;

/// <summary>A study excluded after the fact and then included again resumes where its extraction stood.</summary>
public sealed class ReinstatementTests
{
    private static ExtractionTask Run(ExtractionTask task, params ExtractionCommand[] commands) => ExtractionLifecycleTests.Run(task, commands);

    private static readonly ExtractionCommand Withdraw = new WithdrawExtraction("system", "retracted");
    private static readonly ExtractionCommand Reinstate = new ReinstateExtraction("system", "included again");

    [Fact]
    public void A_task_withdrawn_mid_extraction_resumes_with_its_extractors_and_submissions()
    {
        var task = Run(ExtractionTask.Create("s", ExtractionMode.DualIndependent), new StartExtraction("ana"), new StartExtraction("ben"), new SubmitExtraction("ana"), Withdraw);
        Assert.Equal((ExtractionStatus.Withdrawn, ExtractionStatus.InProgress), (task.Status, task.StatusBeforeWithdrawal));

        var back = Run(task, Reinstate);

        Assert.Equal(ExtractionStatus.InProgress, back.Status);
        Assert.Equal(["ana", "ben"], back.Extractors);
        Assert.Equal(["ana"], back.Submitted);
        Assert.Null(back.StatusBeforeWithdrawal);
        Assert.Equal("included again", back.Reason);
        Assert.Equal(ExtractionStatus.AllSubmitted, Run(back, new SubmitExtraction("ben")).Status);
    }

    [Fact]
    public void A_finalised_task_comes_back_reopened_and_its_next_finalisation_is_a_new_revision()
    {
        var task = Run(ExtractionTask.Create("s", ExtractionMode.SingleWithVerification),
            new StartExtraction("ana"), new SubmitExtraction("ana"), new BeginConsensus("cy"), new FinaliseExtraction("cy"), Withdraw);

        var back = Run(task, Reinstate);

        Assert.Equal((ExtractionStatus.Reopened, 1), (back.Status, back.TimesFinalised));
        Assert.Equal(2, Run(back, new FinaliseExtraction("cy")).TimesFinalised);
    }

    [Fact]
    public void A_task_withdrawn_before_it_existed_starts_afresh_and_only_a_withdrawn_task_can_be_reinstated()
    {
        var tombstone = ExtractionTask.Create("s", ExtractionMode.DualIndependent) with { Status = ExtractionStatus.Withdrawn };
        Assert.Equal(ExtractionStatus.TaskCreated, Run(tombstone, Reinstate).Status);

        var open = ExtractionTask.Create("s", ExtractionMode.DualIndependent);
        var refused = ExtractionLifecycle.Apply(open, Reinstate);
        Assert.False(refused.IsAllowed);
        Assert.Contains("Only a withdrawn extraction", refused.Refusal);
        Assert.Contains("withdrawn", ExtractionLifecycle.Apply(Run(open, Withdraw), new StartExtraction("ana")).Refusal);
    }
}
