using System.Text.Json.Nodes;

namespace EvSysReview.Extraction.Core.Comparison;

public enum ConsensusSource
{
    /// <summary>Keep the base entry's value (the default for every path not chosen).</summary>
    Base,

    /// <summary>Take the other extractor's value at the path (absent there means remove it).</summary>
    Other,

    /// <summary>Neither: the value agreed in discussion (<see cref="ConsensusChoice.Value"/>; null removes).</summary>
    Agreed,
}

/// <summary>How one difference is resolved; <see cref="Path"/> is a path from <see cref="DualExtractionComparer"/>.</summary>
public sealed record ConsensusChoice(string Path, ConsensusSource Source, JsonNode? Value = null);
