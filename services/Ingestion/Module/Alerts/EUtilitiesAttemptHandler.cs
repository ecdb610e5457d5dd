namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// One attempt of an E-utilities request, inside the resilience handler: it is counted on the request
/// (a failed run says how often NCBI was asked) and its answer is read to the end here. HttpClient
/// reads the body only after every handler has returned, where a stalled body had no timeout and a
/// connection broken off mid-answer was not retried; read here, the attempt timeout and the retries
/// cover the whole answer.
/// </summary>
public sealed class EUtilitiesAttemptHandler : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<int> Attempts = new("evsys.eutilities.attempts");

    /// <summary>How many attempts of this request reached the network.</summary>
    public static int AttemptsOf(HttpRequestMessage request) => request.Options.TryGetValue(Attempts, out var attempts) ? attempts : 0;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(Attempts, AttemptsOf(request) + 1);
        var response = await base.SendAsync(request, cancellationToken);
        try
        {
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
