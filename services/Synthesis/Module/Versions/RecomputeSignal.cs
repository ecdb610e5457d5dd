namespace EvSysReview.Synthesis.Versions;

/// <summary>Wakes the recomputation worker when a consumer changed a project's inputs, so it need not wait for the next poll.</summary>
public sealed class RecomputeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled: one wake-up handles every pending project.
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
