namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>
/// The living-synthesis classes assert what one debounced burst of events makes; run side by side
/// on a shared 2-core machine, one class's host slows the other's events past the debounce window.
/// </summary>
[CollectionDefinition(Name)]
public sealed class LivingCollection
{
    public const string Name = "living synthesis";
}
