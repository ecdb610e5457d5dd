using System.Net;
using EvSysReview.TestSupport;

namespace EvSysReview.Platform.Tests.TestSupport;

/// <summary>
/// The polls every asynchronous test relies on: a 404 while a service has not yet applied a
/// project's membership is "not yet"; a 404 that lasts is still the test's failure.
/// </summary>
public sealed class EventuallyTests
{
    private static HttpRequestException NotFound() => new("404 (Not Found)", null, HttpStatusCode.NotFound);

    [Fact]
    public async Task A_404_while_polling_is_polled_again_until_the_condition_holds()
    {
        var attempts = 0;
        await Eventually.HoldsAsync(() => ++attempts < 3 ? throw NotFound() : Task.FromResult(true), "the third attempt", TimeSpan.FromSeconds(10));
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_404_that_lasts_past_the_timeout_and_any_other_failure_are_thrown()
    {
        var lasting = await Assert.ThrowsAsync<HttpRequestException>(() => Eventually.HoldsAsync(() => throw NotFound(), "never", TimeSpan.FromMilliseconds(300)));
        Assert.Equal(HttpStatusCode.NotFound, lasting.StatusCode);

        var attempts = 0;
        var forbidden = await Assert.ThrowsAsync<HttpRequestException>(() => Eventually.HoldsAsync(() =>
        {
            attempts++;
            throw new HttpRequestException("403", null, HttpStatusCode.Forbidden);
        }, "never", TimeSpan.FromSeconds(10)));
        Assert.Equal((HttpStatusCode.Forbidden, 1), (forbidden.StatusCode!.Value, attempts));
    }
}
