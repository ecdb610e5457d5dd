namespace EvSysReview.Screening.Core.Decisions;

/// <summary>The item after a command, and what the command caused (empty when nothing changed).</summary>
public sealed record ScreeningChange(ScreeningItem Item, IReadOnlyList<ScreeningEffect> Effects)
{
    public bool Changed => Effects.Count > 0;
}
