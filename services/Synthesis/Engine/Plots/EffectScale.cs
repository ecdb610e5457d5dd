using System.Globalization;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// How effect sizes are shown: as analysed, or exponentiated for log ratios (RR, OR, ROM) so the
/// axis reads 0.5, 1, 2 while positions stay on the log scale where the CIs are symmetric.
/// </summary>
public sealed record EffectScale(string Label, bool Exponentiate = false, int Decimals = 2)
{
    public static EffectScale Identity { get; } = new("Effect size");

    public static EffectScale LogRatio(string label) => new(label, Exponentiate: true);

    internal double Display(double value) => Exponentiate ? Math.Exp(value) : value;

    internal double NullValue => 0; // on the analysis scale; exp(0) = 1 when displayed

    internal string Format(double value) =>
        Display(value).ToString("F" + Decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>
    /// Tick positions (analysis scale) for an axis: the axis' own ticks, or for ratios round ratio
    /// values 0.1, 0.2, 0.5, 1, 2, 5 …, adding 0.7, 1.5, 3 … when the range is narrow.
    /// </summary>
    internal IReadOnlyList<double> Ticks(LinearAxis axis)
    {
        if (!Exponentiate)
        {
            return axis.Ticks().ToList();
        }

        double[][] mantissas = [[1, 2, 5], [1, 1.5, 2, 3, 5, 7], [1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 5, 6, 7, 8, 9]];
        var ticks = new List<double>();
        foreach (var set in mantissas)
        {
            ticks = RatioTicks(axis, set);
            if (ticks.Count >= 4)
            {
                break;
            }
        }

        return ticks;
    }

    private static List<double> RatioTicks(LinearAxis axis, double[] mantissas)
    {
        var ticks = new List<double>();
        for (var power = (int)Math.Floor(axis.Min / Math.Log(10)) - 1; power <= (int)Math.Ceiling(axis.Max / Math.Log(10)); power++)
        {
            foreach (var m in mantissas)
            {
                var position = Math.Log(m * Math.Pow(10, power));
                if (position >= axis.Min - 1e-12 && position <= axis.Max + 1e-12)
                {
                    ticks.Add(position);
                }
            }
        }

        return ticks;
    }

    internal string FormatInterval(double estimate, double lower, double upper) =>
        $"{Format(estimate)} [{Format(lower)}, {Format(upper)}]";
}
