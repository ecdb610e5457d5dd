using System.Text.Json;
using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Protocols;

/// <summary>
/// This service's read model of the protocol: which risk-of-bias tool each study design gets
/// (the protocol's "riskOfBiasTools"). Only the highest protocol version is kept, since
/// ProtocolPublished events may arrive out of order.
/// </summary>
public sealed record ToolChoice(Guid ProjectId, int ProtocolVersion, IReadOnlyDictionary<string, string> ToolsByDesign)
{
    public const string Collection = "rob-protocols";

    public static string Key(Guid projectId) => projectId.ToString("N");

    /// <summary>The tool for a design, or why there is none (to show on the task until the protocol says).</summary>
    public static (string? ToolId, string? Problem) For(ToolChoice? choice, string design)
    {
        if (choice is null) return (null, "No protocol received yet; the tool is chosen by the protocol's riskOfBiasTools.");
        if (!choice.ToolsByDesign.TryGetValue(design, out var toolId))
            return (null, $"The protocol (version {choice.ProtocolVersion}) names no risk-of-bias tool for study design '{design}'.");
        if (!ToolCatalogue.BuiltIn.TryGet(toolId, out var tool))
            return (null, $"The protocol names tool '{toolId}' for '{design}', which this service does not know (known: {string.Join(", ", ToolCatalogue.BuiltIn.All.Select(t => t.Id))}).");
        return (tool!.Id, null);
    }

    /// <summary>Reads "riskOfBiasTools" from the protocol document; a malformed or absent map is an empty one.</summary>
    public static IReadOnlyDictionary<string, string> ReadMap(string protocolJson)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("riskOfBiasTools", out var tools)
                && tools.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in tools.EnumerateObject())
                {
                    if (entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { Length: > 0 } id) map[entry.Name] = id;
                }
            }
        }
        catch (JsonException)
        {
            // A protocol this service cannot read leaves every design without a tool; tasks say why.
        }

        return map;
    }
}
