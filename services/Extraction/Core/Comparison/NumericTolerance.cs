namespace EvSysReview.Extraction.Core.Comparison;

/// <summary>
/// When two numbers count as the same: |a − b| ≤ max(<see cref="Absolute"/>, <see cref="Relative"/>·max(|a|, |b|)).
/// The default only forgives floating-point noise, so 12.5 and 12.50 agree and 12.5 and 12.6 do not.
/// Rows digitised from a figure may be given a looser relative tolerance
/// (<see cref="FigureRelative"/>, e.g. 0.05), since two people clicking one graph rarely agree exactly.
/// </summary>
public sealed record NumericTolerance(double Absolute = 1e-9, double Relative = 1e-9, double? FigureRelative = null)
{
    public static NumericTolerance Default { get; } = new();

    /// <summary>Any change at all (the audit trail).</summary>
    public static NumericTolerance Exact { get; } = new(0, 0);

    public bool AreEqual(double a, double b, bool fromFigure)
    {
        var relative = fromFigure && FigureRelative is { } figure ? figure : Relative;
        return Math.Abs(a - b) <= Math.Max(Absolute, relative * Math.Max(Math.Abs(a), Math.Abs(b)));
    }
}
