namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>The key that matches outcome rows between two extractors and two versions of an entry.</summary>
public static class OutcomeRowKey
{
    public static string Of(string outcome, Quantity? timePoint) =>
        timePoint is null ? outcome : $"{outcome}@{timePoint}";

    /// <summary>Key of an outcome × time point × comparison, as used in the finalised payload and the CSV.</summary>
    public static string Of(string outcome, Quantity? timePoint, string comparisonId) =>
        $"{Of(outcome, timePoint)}/{comparisonId}";
}
