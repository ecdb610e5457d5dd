namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// Row height and type size for a traffic-light plot of <paramref name="StudyCount"/> studies:
/// generous for a handful, shrinking towards a floor so 200 studies stay legible while the SVG
/// grows in height. The font never exceeds the row, so labels cannot overlap.
/// </summary>
public sealed record TrafficLightLayout(int StudyCount)
{
    public double RowHeight => Math.Max(18, 34 - Math.Max(0, StudyCount - 15) * 0.5);

    public double FontSize => Math.Clamp(RowHeight * 0.45, 10, 14);

    public double CircleRadius => RowHeight * 0.4;

    public double ColumnWidth => Math.Max(RowHeight, 34);
}
