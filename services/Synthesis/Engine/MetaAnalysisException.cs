namespace EvSysReview.Synthesis.Engine;

/// <summary>
/// Raised instead of returning NaN or a silently wrong number: bad input (non-positive variance,
/// impossible counts), models that cannot be fitted (k = 1 under random effects, rank-deficient
/// moderators) and iterative estimators that do not converge.
/// </summary>
public sealed class MetaAnalysisException : Exception
{
    public MetaAnalysisException(string message, string? studyLabel = null, string? field = null)
        : base(Compose(message, studyLabel, field))
    {
        StudyLabel = studyLabel;
        Field = field;
    }

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
