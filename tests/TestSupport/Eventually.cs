namespace EvSysReview.TestSupport;

public static class Eventually
{
    /// <summary>Polls until the condition holds (events are asynchronous), failing with the message after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }

        if (!await condition()) throw new Xunit.Sdk.XunitException($"Timed out waiting until {because}.");
    }
}
