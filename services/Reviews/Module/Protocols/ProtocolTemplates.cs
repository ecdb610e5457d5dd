using System.Text.Json;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Reviews.Protocols;

/// <summary>Built-in protocols, kept as JSON resources so a template is data, not code.</summary>
public static class ProtocolTemplates
{
    public const string MscEvNeurodegeneration = "msc-ev-neurodegeneration";

    public static IReadOnlyList<string> Names { get; } = [MscEvNeurodegeneration];

    public static (string Title, Protocol Protocol)? Find(string name)
    {
        if (!Names.Contains(name)) return null;
        using var stream = typeof(ProtocolTemplates).Assembly.GetManifestResourceStream($"EvSysReview.Reviews.Protocols.Templates.{name}.json")
            ?? throw new InvalidOperationException($"Template resource {name} is missing from the build.");
        var template = JsonSerializer.Deserialize<TemplateFile>(stream, StoreJson.Options)!;
        return (template.Title, template.Protocol);
    }

    /// <summary>A protocol to start from when a project is created without a template: two blinded reviewers and the usual tools.</summary>
    public static Protocol Blank() => new()
    {
        Question = new Pico("", "", "", []),
        Eligibility = new Eligibility([], []),
        ExclusionReasons = ["wrong population", "wrong intervention", "wrong comparator", "wrong outcome", "wrong study design", "duplicate publication", "retracted"],
        HighlightTerms = new HighlightTerms([], []),
        Screening = new ScreeningSettings(2, true, true),
        RiskOfBiasTools = new Dictionary<string, string> { ["animal"] = "syrcle", ["randomised"] = "rob2", ["non-randomised"] = "robins-i" },
    };

    private sealed record TemplateFile(string Title, Protocol Protocol);
}
