using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Comparison;

namespace EvSysReview.Extraction.Consensus;

/// <summary>
/// The body of PUT .../consensus. The consensus is <see cref="Base"/> (an extractor's username, or
/// "consensus" for the consensus recorded so far) with each choice applied: take the other
/// extractor's value at a path from the comparison, or an agreed value (null removes it).
/// Every PUT states the whole resolution, so repeating it gives the same consensus.
/// </summary>
public sealed record ConsensusRequest(string? Base, List<ConsensusChoiceRequest?>? Choices)
{
    public const string CurrentConsensus = "consensus";
}

/// <param name="Path">A path as the comparison lists it: fields.route.choice, outcomes[mwmEscapeLatency@28 d].arms[pbs].sd.</param>
public sealed record ConsensusChoiceRequest(string? Path, ConsensusSource? Source, JsonNode? Value);
