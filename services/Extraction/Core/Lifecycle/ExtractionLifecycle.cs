namespace EvSysReview.Extraction.Core.Lifecycle;

/// <summary>The outcome of a command: the new task, or the unchanged task and why it was refused.</summary>
public sealed record LifecycleTransition(ExtractionTask Task, ExtractionStatus PreviousStatus, string? Refusal)
{
    public bool IsAllowed => Refusal is null;
}

/// <summary>
/// task created → in progress → all submitted → consensus → finalised; reopened → finalised again;
/// withdrawn from anywhere when the study is excluded; reinstated when it is included again.
/// Refusals are the service's HTTP 409s.
/// </summary>
public static class ExtractionLifecycle
{
    public static LifecycleTransition Apply(ExtractionTask task, ExtractionCommand command)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command.By);
        if (command is ReinstateExtraction reinstate) return Reinstate(task, reinstate);
        if (task.Status == ExtractionStatus.Withdrawn)
            return Refuse(task, "The study was excluded; its extraction is withdrawn.");

        return command switch
        {
            StartExtraction start => Start(task, start.By),
            SubmitExtraction submit => Submit(task, submit.By),
            BeginConsensus begin => BeginConsensus(task, begin.By),
            FinaliseExtraction finalise => Finalise(task, finalise.By),
            ReopenExtraction reopen => Reopen(task, reopen),
            WithdrawExtraction withdraw => Allow(task, task with { Status = ExtractionStatus.Withdrawn, Reason = withdraw.Reason, StatusBeforeWithdrawal = task.Status }),
            _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, "Unknown command."),
        };
    }

    /// <summary>An extractor edits their own entry only between starting and submitting it.</summary>
    public static bool CanEditOwnEntry(ExtractionTask task, string extractorId) =>
        task.Status == ExtractionStatus.InProgress && task.Extractors.Contains(extractorId) && !task.Submitted.Contains(extractorId);

    /// <summary>The consensus (or verified) entry is edited during consensus and while reopened.</summary>
    public static bool CanEditConsensus(ExtractionTask task) =>
        task.Status is ExtractionStatus.Consensus or ExtractionStatus.Reopened;

    private static LifecycleTransition Start(ExtractionTask task, string by)
    {
        if (task.Status is not (ExtractionStatus.TaskCreated or ExtractionStatus.InProgress))
            return Refuse(task, $"Extraction cannot start when the task is {task.Status}.");
        if (task.Extractors.Contains(by))
            return Refuse(task, $"{by} has already started this extraction.");
        if (task.Extractors.Count >= task.RequiredExtractions)
            return Refuse(task, $"This study already has {task.RequiredExtractions} extractor(s).");
        return Allow(task, task with { Status = ExtractionStatus.InProgress, Extractors = [.. task.Extractors, by] });
    }

    private static LifecycleTransition Submit(ExtractionTask task, string by)
    {
        if (task.Status != ExtractionStatus.InProgress)
            return Refuse(task, $"Nothing can be submitted when the task is {task.Status}.");
        if (!task.Extractors.Contains(by))
            return Refuse(task, $"{by} is not an extractor of this study.");
        if (task.Submitted.Contains(by))
            return Refuse(task, $"{by} has already submitted.");
        var submitted = task.Submitted.Append(by).ToList();
        var status = submitted.Count == task.RequiredExtractions ? ExtractionStatus.AllSubmitted : ExtractionStatus.InProgress;
        return Allow(task, task with { Status = status, Submitted = submitted });
    }

    private static LifecycleTransition BeginConsensus(ExtractionTask task, string by)
    {
        if (task.Status != ExtractionStatus.AllSubmitted)
            return Refuse(task, task.Status == ExtractionStatus.InProgress
                ? $"Consensus waits for {task.RequiredExtractions - task.Submitted.Count} more submission(s)."
                : $"Consensus cannot begin when the task is {task.Status}.");
        if (IsOwnExtractionToVerify(task, by))
            return Refuse(task, OwnVerificationRefusal);
        return Allow(task, task with { Status = ExtractionStatus.Consensus });
    }

    private static LifecycleTransition Finalise(ExtractionTask task, string by)
    {
        if (task.Status is not (ExtractionStatus.Consensus or ExtractionStatus.Reopened))
            return Refuse(task, $"Only a consensus or reopened extraction can be finalised, not one that is {task.Status}.");
        if (IsOwnExtractionToVerify(task, by))
            return Refuse(task, OwnVerificationRefusal);
        return Allow(task, task with { Status = ExtractionStatus.Finalised, TimesFinalised = task.TimesFinalised + 1 });
    }

    private static LifecycleTransition Reopen(ExtractionTask task, ReopenExtraction reopen)
    {
        if (task.Status != ExtractionStatus.Finalised)
            return Refuse(task, $"Only a finalised extraction can be reopened, not one that is {task.Status}.");
        if (string.IsNullOrWhiteSpace(reopen.Reason))
            return Refuse(task, "Say why the extraction is reopened.");
        return Allow(task, task with { Status = ExtractionStatus.Reopened, Reason = reopen.Reason });
    }

    // The work done before the withdrawal stands: entries, submissions and consensus are kept, so the
    // task resumes where it was. One that had been finalised comes back reopened, not finalised: its
    // data left the synthesis with the withdrawal and returns only by a new finalisation (revision n + 1).
    private static LifecycleTransition Reinstate(ExtractionTask task, ReinstateExtraction reinstate)
    {
        if (task.Status != ExtractionStatus.Withdrawn)
            return Refuse(task, $"Only a withdrawn extraction can be reinstated, not one that is {task.Status}.");
        var status = task.StatusBeforeWithdrawal switch
        {
            null => ExtractionStatus.TaskCreated,
            ExtractionStatus.Finalised or ExtractionStatus.Reopened => ExtractionStatus.Reopened,
            var before => before.Value,
        };
        return Allow(task, task with { Status = status, StatusBeforeWithdrawal = null, Reason = reinstate.Reason });
    }

    /// <summary>
    /// In single-with-verification mode the extractor may not verify their own work: not begin
    /// consensus, not edit the entry under verification (consensus or reopened), not finalise.
    /// </summary>
    public static bool IsOwnExtractionToVerify(ExtractionTask task, string by) =>
        task.Mode == ExtractionMode.SingleWithVerification && task.Extractors.Contains(by);

    public const string OwnVerificationRefusal = "The extractor cannot verify their own extraction.";

    private static LifecycleTransition Allow(ExtractionTask before, ExtractionTask after) => new(after, before.Status, null);

    private static LifecycleTransition Refuse(ExtractionTask task, string reason) => new(task, task.Status, reason);
}
