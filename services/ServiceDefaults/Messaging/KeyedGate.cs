namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>
/// Per-module striped async locks: work on the same key runs one at a time; different keys mostly
/// run in parallel (two keys share a stripe 1 time in <see cref="Stripes"/>, which only serialises
/// them). Striped so memory stays fixed however many keys a project has.
/// </summary>
public static class KeyedGate<TModule>
{
    private const int Stripes = 64;

    private static readonly SemaphoreSlim[] Gates = Enumerable.Range(0, Stripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    /// <returns>a handle that leaves the gate when disposed; for a null key, no gate.</returns>
    public static async Task<IDisposable> EnterAsync(Guid? key, CancellationToken cancellationToken)
    {
        if (key is not { } value) return Entered.None;
        var gate = Gates[(value.GetHashCode() & int.MaxValue) % Stripes];
        await gate.WaitAsync(cancellationToken);
        return new Entered(gate);
    }

    private sealed class Entered(SemaphoreSlim? gate) : IDisposable
    {
        public static readonly Entered None = new(null);

        private int _left;

        // Leaving twice must not let a second holder in.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) gate?.Release();
        }
    }
}
