using System.Globalization;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// Reads extraction time points ("28 d", "4 wk", "3 mo", "24 h") as days, to pick each study's
/// latest. Text that does not parse sorts before any that does.
/// </summary>
public static class TimePointOrder
{
    private static readonly Dictionary<string, double> DaysPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        ["min"] = 1.0 / 1440, ["minute"] = 1.0 / 1440, ["minutes"] = 1.0 / 1440,
        ["h"] = 1.0 / 24, ["hour"] = 1.0 / 24, ["hours"] = 1.0 / 24,
        ["d"] = 1, ["day"] = 1, ["days"] = 1,
        ["wk"] = 7, ["w"] = 7, ["week"] = 7, ["weeks"] = 7,
        ["mo"] = 30.4375, ["month"] = 30.4375, ["months"] = 30.4375,
        ["y"] = 365.25, ["yr"] = 365.25, ["year"] = 365.25, ["years"] = 365.25,
    };

    public static double? Days(string? timePoint)
    {
        var parts = (timePoint ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return null;
        return DaysPerUnit.TryGetValue(parts[1], out var days) ? value * days : null;
    }
}
