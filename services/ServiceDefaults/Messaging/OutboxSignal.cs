namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>Wakes the dispatcher right after a commit wrote to the outbox, so events do not wait for the next poll.</summary>
public sealed class OutboxSignal<TModule>
    where TModule : IServiceModule
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
            // Already signalled; one wake-up drains everything pending.
        }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
