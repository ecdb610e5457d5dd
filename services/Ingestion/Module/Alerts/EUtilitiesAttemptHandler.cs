using Microsoft.Extensions.Options;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// One attempt of an E-utilities request, inside the resilience handler: it is counted on the request
/// (a failed run says how often NCBI was asked) and its answer is read to the end here. HttpClient
/// reads the body only after every handler has returned, where a stalled body had no timeout and a
/// connection broken off mid-answer was not retried; read here, the attempt timeout and the retries
/// cover the whole answer. The answer is read up to Ingestion:Alerts:MaxAnswerBytes only.
/// </summary>
public sealed class EUtilitiesAttemptHandler(IOptions<IngestionOptions> options) : DelegatingHandler
{
    private static readonly HttpRequestOptionsKey<int> Attempts = new("evsys.eutilities.attempts");

    /// <summary>How many attempts of this request reached the network.</summary>
    public static int AttemptsOf(HttpRequestMessage request) => request.Options.TryGetValue(Attempts, out var attempts) ? attempts : 0;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Options.Set(Attempts, AttemptsOf(request) + 1);
        var response = await base.SendAsync(request, cancellationToken);
        // HttpContent buffers at most int.MaxValue bytes whatever it is asked.
        var cap = Math.Clamp(options.Value.Alerts.MaxAnswerBytes, 1, int.MaxValue);
        try
        {
            // Refused unread: reading 2 GB to learn it is too large is what the cap is for.
            if (response.Content.Headers.ContentLength is { } announced && announced > cap) throw new AnswerTooLargeException(announced, cap);
            await response.Content.LoadIntoBufferAsync(cap, cancellationToken);
            return response;
        }
        catch (HttpRequestException exception) when (exception.HttpRequestError == HttpRequestError.ConfigurationLimitExceeded)
        {
            response.Dispose();
            throw new AnswerTooLargeException(null, cap, exception);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }
}
