namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>A tool definition file that cannot be used as written.</summary>
public sealed class InvalidToolDefinitionException(string toolId, string problem)
    : Exception($"Tool definition '{toolId}': {problem}.")
{
    public string ToolId { get; } = toolId;
}
