using System.Globalization;

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>A number with its unit (dose, age, time point).</summary>
public sealed record Quantity(double Value, string Unit)
{
    public override string ToString() =>
        $"{Value.ToString(CultureInfo.InvariantCulture)} {Unit}";
}
