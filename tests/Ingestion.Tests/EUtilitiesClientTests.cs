using EvSysReview.Ingestion.Alerts;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace EvSysReview.Ingestion.Tests;

/// <summary>The E-utilities client's failures where the fake server cannot bring them about.</summary>
public sealed class EUtilitiesClientTests
{
    /// <summary>Stands where the resilience handler would throw: the request never reaches the network.</summary>
    private sealed class ThrowingHandler(Exception exception) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(exception);
    }

    /// <summary>
    /// The circuit breaker opens after many failures in a minute (a hundred requests at least, more than
    /// a test sends): the run's failure says NCBI was not asked and why, not Polly's own words.
    /// </summary>
    [Fact]
    public async Task An_open_circuit_fails_the_request_saying_NCBI_was_not_asked_and_why()
    {
        var client = new EUtilitiesClient(
            new HttpClient(new ThrowingHandler(new BrokenCircuitException())) { BaseAddress = new Uri("http://127.0.0.1:9/") },
            Options.Create(new IngestionOptions()));

        var failure = await Assert.ThrowsAsync<EUtilitiesFailure>(() => client.FetchAsync(["27797938"], null, CancellationToken.None));
        Assert.Equal("requests to NCBI are paused for a few seconds because too many failed in the last minute (circuit breaker open; not asked)", failure.Message);
    }
}
