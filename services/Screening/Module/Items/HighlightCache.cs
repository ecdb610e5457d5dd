using System.Collections.Concurrent;
using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Protocol;

namespace EvSysReview.Screening.Items;

/// <summary>The compiled highlight terms of each project's current protocol version (compiling per request would cost `next` its latency budget).</summary>
public sealed class HighlightCache
{
    private readonly ConcurrentDictionary<(Guid, int), HighlightTermSet> _sets = new();

    public HighlightTermSet For(ProjectSettings settings) =>
        _sets.GetOrAdd((settings.ProjectId, settings.ProtocolVersion), _ => HighlightTermSet.For(settings.Protocol));
}
