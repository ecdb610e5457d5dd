using System.Reflection;

namespace EvSysReview.RiskOfBias.Core.Tools;

/// <summary>
/// The tools a review can choose from: the definitions embedded in this assembly (SYRCLE, RoB 2,
/// ROBINS-I) plus any the host adds from its own JSON files.
/// </summary>
public sealed class ToolCatalogue
{
    public const string Syrcle = "syrcle";
    public const string Rob2 = "rob2";
    public const string RobinsI = "robins-i";

    private const string ResourcePrefix = "EvSysReview.RiskOfBias.Core.Tools.";

    private readonly Dictionary<string, RiskOfBiasTool> _tools;

    private ToolCatalogue(IEnumerable<RiskOfBiasTool> tools) =>
        _tools = tools.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);

    private static readonly Lazy<ToolCatalogue> BuiltInCatalogue = new(LoadBuiltIn);

    /// <summary>The embedded definitions, read once.</summary>
    public static ToolCatalogue BuiltIn => BuiltInCatalogue.Value;

    public IReadOnlyCollection<RiskOfBiasTool> All => _tools.Values;

    public RiskOfBiasTool Get(string toolId) =>
        _tools.TryGetValue(toolId, out var tool)
            ? tool
            : throw new AssessmentRuleViolation("toolId", $"No risk-of-bias tool '{toolId}' (known: {string.Join(", ", _tools.Keys)}).");

    public bool TryGet(string toolId, out RiskOfBiasTool? tool) => _tools.TryGetValue(toolId, out tool);

    /// <summary>A catalogue with further tools; a definition with an existing id replaces it.</summary>
    public ToolCatalogue With(params RiskOfBiasTool[] tools) =>
        new(_tools.Values.Where(t => tools.All(n => !string.Equals(n.Id, t.Id, StringComparison.OrdinalIgnoreCase))).Concat(tools));

    private static ToolCatalogue LoadBuiltIn()
    {
        var assembly = typeof(ToolCatalogue).Assembly;
        var tools = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Select(n => ReadResource(assembly, n));
        return new ToolCatalogue(tools);
    }

    private static RiskOfBiasTool ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidToolDefinitionException(name, "embedded resource missing");
        return ToolDefinitionReader.Read(stream);
    }
}
