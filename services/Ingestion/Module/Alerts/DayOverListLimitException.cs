namespace EvSysReview.Ingestion.Alerts;

/// <summary>
/// esearch found more hits on a single Entrez day than PubMed lists for one search. A day cannot be
/// split further, so every run of the query would fail here: unlike NCBI's passing failures, this one
/// pauses the saved search until its query changes or a lead enables it again.
/// </summary>
public sealed class DayOverListLimitException(string message) : Exception(message);
