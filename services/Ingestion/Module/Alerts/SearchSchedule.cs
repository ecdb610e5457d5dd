using System.Xml;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>ISO 8601 durations for schedules ("P1D", "PT6H", "P7D").</summary>
public static class SearchSchedule
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMinutes(1);

    public static TimeSpan? TryParse(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule)) return null;
        try
        {
            return XmlConvert.ToTimeSpan(schedule.Trim());
        }
        catch (Exception exception) when (exception is FormatException or OverflowException)
        {
            return null;
        }
    }

    public static DateTimeOffset? NextAfter(DateTimeOffset time, string? schedule) => TryParse(schedule) is { } interval ? time + interval : null;
}
