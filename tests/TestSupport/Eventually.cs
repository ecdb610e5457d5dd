namespace EvSysReview.TestSupport;

public static class Eventually
{
    /// <summary>Polls until the condition holds (events are asynchronous), failing with the message after the timeout.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, string because, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return;
            }
            catch (HttpRequestException notYet) when (notYet.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // A project a service has not heard of yet (its MemberJoined, like every event, arrives
                // asynchronously) answers 404 until it has; the last attempt below still throws it.
            }

            await Task.Delay(100);
        }

        if (!await condition()) throw new Xunit.Sdk.XunitException($"Timed out waiting until {because}.");
    }
}
