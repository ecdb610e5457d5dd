namespace EvSysReview.Ingestion.Alerts;

/// <summary>Wakes the poller when someone asks for a run now, instead of waiting for its next minute.</summary>
public sealed class AlertSignal
{
    private readonly SemaphoreSlim signal = new(0, 1);

    public void Notify()
    {
        try
        {
            signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled; one wake-up covers every request made before it.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);
}
