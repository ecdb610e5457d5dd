namespace EvSysReview.Synthesis.Engine;

/// <summary>
/// Raised instead of returning NaN or a silently wrong number: bad input (non-positive variance,
/// impossible counts), models that cannot be fitted (k = 1 under random effects, rank-deficient
/// moderators) and iterative estimators that do not converge.
/// </summary>
public sealed class MetaAnalysisException : Exception
{
    public MetaAnalysisException(string message, string? studyLabel = null, string? field = null, MetaAnalysisFailure kind = MetaAnalysisFailure.InvalidInput)
        : base(Compose(message, studyLabel, field))
    {
        StudyLabel = studyLabel;
        Field = field;
        Kind = kind;
        Detail = message;
    }

    /// <summary>The message without the study/field prefix, for re-wrapping with more context.</summary>
    public string Detail { get; }

    /// <summary>What went wrong, so callers can react (e.g. retry with half steps on NotConverged).</summary>
    public MetaAnalysisFailure Kind { get; }

    /// <summary>The study whose data caused the failure, when one study is to blame.</summary>
    public string? StudyLabel { get; }

    /// <summary>The offending input field (e.g. "Vi", "Sd1", "Events2"), when known.</summary>
    public string? Field { get; }

    private static string Compose(string message, string? studyLabel, string? field) =>
        (studyLabel, field) switch
        {
            (null, null) => message,
            (not null, null) => $"Study '{studyLabel}': {message}",
            (null, not null) => $"{field}: {message}",
            _ => $"Study '{studyLabel}', {field}: {message}",
        };
}

/// <summary>The classes of failure a <see cref="MetaAnalysisException"/> reports.</summary>
public enum MetaAnalysisFailure
{
    /// <summary>An input value is impossible (negative variance, events above arm size, ...).</summary>
    InvalidInput,
    /// <summary>Too few studies for the model (k = 1 under random effects, k ≤ p).</summary>
    TooFewStudies,
    /// <summary>Moderators are constant or collinear.</summary>
    NotFullRank,
    /// <summary>An iterative algorithm did not converge or a root could not be bracketed.</summary>
    NotConverged,
    /// <summary>The data leave a statistic undefined (e.g. a zero standard error).</summary>
    Undefined,
}
