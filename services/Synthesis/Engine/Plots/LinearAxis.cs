namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>Maps data values to pixels and picks "nice" tick values (1, 2, 2.5, 5 × 10ⁿ).</summary>
internal sealed class LinearAxis
{
    public LinearAxis(double min, double max, double pixelStart, double pixelEnd, int targetTicks = 6)
    {
        if (!(max > min))
        {
            (min, max) = (min - 1, max + 1);
        }

        var step = NiceStep((max - min) / targetTicks);
        Min = Math.Floor(min / step) * step;
        Max = Math.Ceiling(max / step) * step;
        Step = step;
        PixelStart = pixelStart;
        PixelEnd = pixelEnd;
    }

    public double Min { get; }

    public double Max { get; }

    public double Step { get; }

    public double PixelStart { get; }

    public double PixelEnd { get; }

    public double ToPixel(double value) => PixelStart + (value - Min) / (Max - Min) * (PixelEnd - PixelStart);

    public IEnumerable<double> Ticks()
    {
        var count = (int)Math.Round((Max - Min) / Step);
        for (var i = 0; i <= count; i++)
        {
            var tick = Min + i * Step;
            yield return Math.Abs(tick) < Step * 1e-9 ? 0 : tick;
        }
    }

    private static double NiceStep(double rough)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(rough)));
        var fraction = rough / magnitude;
        var nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }
}
