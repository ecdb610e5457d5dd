namespace EvSysReview.Screening.Core.Highlights;

public enum HighlightField
{
    Title,
    Abstract,
}

public enum HighlightKind
{
    Include,
    Exclude,
}

/// <summary>A span of a field (UTF-16 offsets, as JavaScript strings count) that matches a protocol term.</summary>
public sealed record Highlight(HighlightField Field, int Start, int Length, HighlightKind Kind, string Term);
