using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Ranking;

/// <summary>
/// Rests between the steps of one rerank, each time for <see cref="RankingWorkerOptions.RestPerWork"/>
/// times as long as the step since the last rest took. A rerank of 70,000 items is about a second of
/// work on a loaded two-core machine; in one piece it took a core from the requests for all of it, and
/// every decision due meanwhile queued behind it (paced load's p99 doubled in those seconds). In pieces
/// of tens of milliseconds with rests between, the requests' backlog drains in each rest. Steps shorter
/// than <see cref="ShortestStepRested"/> (a small project's whole rerank) run straight on, and no rest
/// is longer than <see cref="LongestRest"/>: a step that cannot be cut (fitting a feature space after
/// an import, seconds long) gains nothing from an equally long pause after it.
/// </summary>
public sealed class RerankPace(double restPerWork, TimeProvider time)
{
    /// <summary>Below this a rest would cost more in timer and thread hand-over than the step itself.</summary>
    public static readonly TimeSpan ShortestStepRested = TimeSpan.FromMilliseconds(5);

    /// <summary>Long enough for the requests queued behind a step of tens of milliseconds to drain.</summary>
    public static readonly TimeSpan LongestRest = TimeSpan.FromMilliseconds(100);

    private long _stepStarted = time.GetTimestamp();
    private (int Thread, TimeSpan? Cpu) _stepCpuStarted = (Environment.CurrentManagedThreadId, ThreadCpuClock.Now());
    private readonly List<TimeSpan> _steps = [];
    private readonly List<TimeSpan?> _stepsCpu = [];
    private readonly List<string> _stepNames = [];

    /// <summary>Each step's name, beside <see cref="Steps"/>: what the step that ended there did (BetweenSteps' "finished").</summary>
    public IReadOnlyList<string> StepNames => _stepNames;

    /// <summary>How long each step worked, in order (the last one ends at <see cref="Finish"/>): the log shows which step holds a core longest.</summary>
    public IReadOnlyList<TimeSpan> Steps => _steps;

    /// <summary>
    /// Each step's CPU time on its thread, beside <see cref="Steps"/>: a step's wall time on a loaded
    /// machine includes waiting for a core. Null where the platform gives no thread CPU time or the
    /// step ended on another thread than it began (it awaited I/O); a step that awaited and came
    /// back to the same thread also counts what that thread ran meanwhile, so it is an upper bound.
    /// </summary>
    public IReadOnlyList<TimeSpan?> StepsCpu => _stepsCpu;

    /// <summary>Time spent resting so far: not work, so the rerank budget leaves it out.</summary>
    public TimeSpan Rested { get; private set; }

    public async ValueTask BetweenStepsAsync(string finished, CancellationToken cancellationToken)
    {
        var worked = EndStep(finished);
        if (restPerWork > 0 && worked >= ShortestStepRested)
        {
            var resting = time.GetTimestamp();
            var rest = worked * restPerWork;
            await Task.Delay(rest < LongestRest ? rest : LongestRest, time, cancellationToken);
            Rested += time.GetElapsedTime(resting);
        }

        _stepStarted = time.GetTimestamp();
        _stepCpuStarted = (Environment.CurrentManagedThreadId, ThreadCpuClock.Now());
    }

    /// <summary>Ends the last step (the work after the last rest).</summary>
    public void Finish(string finished) => EndStep(finished);

    private TimeSpan EndStep(string name)
    {
        // The thread's clock is read inside the wall-clock interval at both ends, so a step's CPU never exceeds its time.
        var cpu = ThreadCpuClock.Now();
        var worked = time.GetElapsedTime(_stepStarted);
        _steps.Add(worked);
        _stepNames.Add(name);
        _stepsCpu.Add(Environment.CurrentManagedThreadId == _stepCpuStarted.Thread ? cpu - _stepCpuStarted.Cpu : null);
        return worked;
    }
}
