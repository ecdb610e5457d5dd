namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// An E-utilities answer larger than Ingestion:Alerts:MaxAnswerBytes. Not an HttpRequestException, so
/// the resilience handler neither retries it nor counts it toward the circuit breaker: the same
/// request would bring the same answer.
/// </summary>
/// <param name="Announced">The Content-Length it announced; null when it had none and ran past the cap while read.</param>
public sealed class AnswerTooLargeException(long? announced, long cap, Exception? inner = null)
    : Exception(announced is { } bytes ? $"The answer announced {bytes} bytes, more than {cap}." : $"The answer ran past {cap} bytes.", inner)
{
    public long? Announced { get; } = announced;

    public long Cap { get; } = cap;
}
