using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Validation;

/// <summary>Checks one arm's numbers: what its reported summary needs, and the ranges the numbers must lie in.</summary>
internal static class ArmDataValidator
{
    public static void Validate(ArmOutcomeData arm, string path, ValidationStage stage, List<ValidationError> errors)
    {
        if (arm.Reported is null)
        {
            if (stage == ValidationStage.Submission)
                errors.Add(new($"{path}.reported", ValidationCodes.Required,
                    "Say what the paper reports for this arm (mean and SD, SE or CI; median with IQR and/or range; events)."));
        }
        else if (stage == ValidationStage.Submission)
        {
            foreach (var (member, value) in RequiredMembers(arm))
            {
                if (value is null)
                    errors.Add(new($"{path}.{member}", ValidationCodes.Required, $"{member} is required when {Describe(arm.Reported.Value)} is reported."));
            }
        }

        CheckRanges(arm, path, errors);
    }

    /// <summary>The members a reported summary is made of (the numbers the conversions read).</summary>
    private static IEnumerable<(string Member, double? Value)> RequiredMembers(ArmOutcomeData arm)
    {
        yield return ("n", arm.N);
        switch (arm.Reported)
        {
            case ReportedSummary.MeanSd:
                yield return ("mean", arm.Mean);
                yield return ("sd", arm.Sd);
                break;
            case ReportedSummary.MeanSe:
                yield return ("mean", arm.Mean);
                yield return ("se", arm.Se);
                break;
            case ReportedSummary.MeanCi:
                yield return ("mean", arm.Mean);
                yield return ("ciLower", arm.CiLower);
                yield return ("ciUpper", arm.CiUpper);
                break;
            case ReportedSummary.MedianIqr:
                yield return ("median", arm.Median);
                yield return ("q1", arm.Q1);
                yield return ("q3", arm.Q3);
                break;
            case ReportedSummary.MedianRange:
                yield return ("median", arm.Median);
                yield return ("minimum", arm.Minimum);
                yield return ("maximum", arm.Maximum);
                break;
            case ReportedSummary.MedianIqrRange:
                yield return ("median", arm.Median);
                yield return ("q1", arm.Q1);
                yield return ("q3", arm.Q3);
                yield return ("minimum", arm.Minimum);
                yield return ("maximum", arm.Maximum);
                break;
            case ReportedSummary.EventsTotal:
                yield return ("events", arm.Events);
                break;
        }
    }

    private static void CheckRanges(ArmOutcomeData arm, string path, List<ValidationError> errors)
    {
        if (arm.N is < 1)
            errors.Add(new($"{path}.n", ValidationCodes.Range, "n must be at least 1."));
        else if (arm.N is 1 && NeedsTwoAnimals(arm.Reported))
            errors.Add(new($"{path}.n", ValidationCodes.Range,
                "n must be at least 2 to convert a confidence interval or median summary to mean and SD."));
        if (arm.Sd is < 0)
            errors.Add(new($"{path}.sd", ValidationCodes.Range, "SD must not be negative."));
        if (arm.Se is < 0)
            errors.Add(new($"{path}.se", ValidationCodes.Range, "SE must not be negative."));
        if (arm.CiLevel is { } level && level is <= 0 or >= 1)
            errors.Add(new($"{path}.ciLevel", ValidationCodes.Range, "The confidence level is a fraction between 0 and 1 (0.95 for 95%)."));
        if (arm.CiLower is { } lower && arm.CiUpper is { } upper)
        {
            if (lower > upper)
                errors.Add(new($"{path}.ciUpper", ValidationCodes.Range, "The upper confidence limit must not be below the lower one."));
            else if (arm.Mean is { } mean && (mean < lower || mean > upper))
                errors.Add(new($"{path}.mean", ValidationCodes.Inconsistent, "The mean lies outside its confidence interval."));
        }

        CheckOrder(arm, path, errors);
        if (arm.Events is < 0)
            errors.Add(new($"{path}.events", ValidationCodes.Range, "Events must not be negative."));
        if (arm.Events is { } events && arm.N is { } total && events > total)
            errors.Add(new($"{path}.events", ValidationCodes.Range, $"Events ({events}) must not exceed the total n ({total})."));
    }

    /// <summary>minimum ≤ q1 ≤ median ≤ q3 ≤ maximum, over whichever of them are given.</summary>
    private static void CheckOrder(ArmOutcomeData arm, string path, List<ValidationError> errors)
    {
        (string Member, double? Value)[] quantiles =
            [("minimum", arm.Minimum), ("q1", arm.Q1), ("median", arm.Median), ("q3", arm.Q3), ("maximum", arm.Maximum)];
        var given = quantiles.Where(q => q.Value is not null).ToList();
        for (var i = 1; i < given.Count; i++)
        {
            if (given[i].Value < given[i - 1].Value)
                errors.Add(new($"{path}.{given[i].Member}", ValidationCodes.Range,
                    $"{given[i].Member} must not be below {given[i - 1].Member}."));
        }
    }

    private static bool NeedsTwoAnimals(ReportedSummary? reported) =>
        reported is ReportedSummary.MeanCi or ReportedSummary.MedianIqr or ReportedSummary.MedianRange
            or ReportedSummary.MedianIqrRange;

    private static string Describe(ReportedSummary reported) => reported switch
    {
        ReportedSummary.MeanSd => "mean and SD",
        ReportedSummary.MeanSe => "mean and SE",
        ReportedSummary.MeanCi => "mean and confidence interval",
        ReportedSummary.MedianIqr => "median and IQR",
        ReportedSummary.MedianRange => "median and range",
        ReportedSummary.MedianIqrRange => "median, IQR and range",
        _ => "events and total",
    };
}
