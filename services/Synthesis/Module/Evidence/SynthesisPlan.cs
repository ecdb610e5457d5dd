using System.Text.Json;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.MetaAnalyses;

namespace EvSysReview.Synthesis.Evidence;

/// <summary>
/// The protocol's synthesisPlan as this service uses it. Without a published protocol the plan is
/// metafor's defaults (SMD, REML, z) with the high-risk sensitivity analysis and no subgroups.
/// Names the service does not know are replaced by the default and reported in Notes.
/// </summary>
public sealed record SynthesisPlan
{
    public const string Collection = "synthesis-plans";

    public required Guid ProjectId { get; init; }

    public int ProtocolVersion { get; init; }

    /// <summary>Measure for continuous outcomes (SMD, MD, ROM, NMD).</summary>
    public string ContinuousMeasure { get; init; } = "SMD";

    /// <summary>Measure for dichotomous outcomes (RR, OR, RD): the plan's dichotomousMeasure, its primaryMeasure when binary, else RR.</summary>
    public string DichotomousMeasure { get; init; } = "RR";

    public string Method { get; init; } = "REML";

    public string Test { get; init; } = "z";

    /// <summary>Study field keys (ExtractionFinalized.StudyFields) to split each analysis by.</summary>
    public IReadOnlyList<string> Subgroups { get; init; } = [];

    public bool SensitivityWithoutHighRisk { get; init; } = true;

    /// <summary>
    /// Egger's test and trim-and-fill only from this many rows (the protocol's smallStudyTestsFromK;
    /// default 10, the Cochrane Handbook's advice for funnel-plot asymmetry tests; at least 3).
    /// </summary>
    public int SmallStudyTestsFromK { get; init; } = DefaultSmallStudyTestsFromK;

    public const int DefaultSmallStudyTestsFromK = 10;

    public IReadOnlyList<string> Notes { get; init; } = [];

    public static string Key(Guid projectId) => projectId.ToString("N");

    public static SynthesisPlan Default(Guid projectId) => new() { ProjectId = projectId };

    public static SynthesisPlan Read(Guid projectId, int protocolVersion, string protocolJson)
    {
        var plan = new SynthesisPlan { ProjectId = projectId, ProtocolVersion = protocolVersion };
        var notes = new List<string>();
        JsonElement section;
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            if (!document.RootElement.TryGetProperty("synthesisPlan", out var found) || found.ValueKind != JsonValueKind.Object)
                return plan with { Notes = ["The protocol has no synthesisPlan: metafor's defaults (SMD, REML, z) are used."] };
            section = found.Clone();
        }
        catch (JsonException)
        {
            return plan with { Notes = ["The protocol is not valid JSON: metafor's defaults (SMD, REML, z) are used."] };
        }

        var primary = Text(section, "primaryMeasure");
        if (primary is not null && ModelSettings.TryMeasure(primary, out var measure) && measure is { } m)
        {
            plan = ModelSettings.IsContinuous(m) ? plan with { ContinuousMeasure = m.ToString() } : plan with { DichotomousMeasure = m.ToString() };
        }
        else if (primary is not null) notes.Add($"primaryMeasure '{primary}' is not one of SMD, MD, ROM, NMD, RR, OR, RD: SMD is used.");

        if (Text(section, "dichotomousMeasure") is { } dichotomous)
        {
            if (ModelSettings.TryMeasure(dichotomous, out var d) && d is { } binary && !ModelSettings.IsContinuous(binary)) plan = plan with { DichotomousMeasure = binary.ToString() };
            else notes.Add($"dichotomousMeasure '{dichotomous}' is not one of RR, OR, RD: {plan.DichotomousMeasure} is used.");
        }

        if (Text(section, "method") is { } method)
        {
            if (ModelSettings.TryMethod(method, out var parsed)) plan = plan with { Method = parsed.ToString() };
            else notes.Add($"method '{method}' is unknown: REML is used.");
        }

        if (Text(section, "test") is { } test)
        {
            if (ModelSettings.TryTest(test, out var knha)) plan = plan with { Test = ModelSettings.TestName(knha) };
            else notes.Add($"test '{test}' is unknown: z is used.");
        }

        if (section.TryGetProperty("subgroups", out var subgroups) && subgroups.ValueKind == JsonValueKind.Array)
            plan = plan with { Subgroups = subgroups.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.String).Select(s => s.GetString()!).Distinct().ToList() };

        // The template states the sensitivity analysis in words; anything but an explicit "none"/false keeps it.
        if (section.TryGetProperty("sensitivity", out var sensitivity))
            plan = plan with { SensitivityWithoutHighRisk = !(sensitivity.ValueKind == JsonValueKind.False || (sensitivity.ValueKind == JsonValueKind.String && sensitivity.GetString()!.Trim().Equals("none", StringComparison.OrdinalIgnoreCase))) };

        if (section.TryGetProperty("smallStudyTestsFromK", out var fromK))
        {
            if (fromK.ValueKind == JsonValueKind.Number && fromK.TryGetInt32(out var k) && k >= 3) plan = plan with { SmallStudyTestsFromK = k };
            else notes.Add($"smallStudyTestsFromK '{fromK}' is not a whole number of at least 3: {DefaultSmallStudyTestsFromK} is used.");
        }

        return plan with { Notes = notes };
    }

    private static string? Text(JsonElement section, string name) =>
        section.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public EffectMeasure MeasureFor(bool dichotomous) => Enum.Parse<EffectMeasure>(dichotomous ? DichotomousMeasure : ContinuousMeasure);
}
