using System.Text.Json;
using EvSysReview.Synthesis.Engine;
using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// Checks a request and computes its effect sizes. Every problem is reported under the request
/// path of the field to fix ("studies[2].sd1i") with the study's label in the message, all at once.
/// </summary>
public static class MetaAnalysisRequestReader
{
    public static (FitInput? Input, Dictionary<string, string[]> Errors) Read(MetaAnalysisRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        void Error(string field, string reason) => errors[field] = [.. errors.GetValueOrDefault(field, []), reason];

        if (!ModelSettings.TryMeasure(request.Measure, out var measure)) Error("measure", $"Unknown measure '{request.Measure}'; one of {string.Join(", ", ModelSettings.Measures)}.");
        if (!ModelSettings.TryMethod(request.Method, out var method)) Error("method", $"Unknown method '{request.Method}'; one of {string.Join(", ", ModelSettings.Methods)}.");
        if (!ModelSettings.TryTest(request.Test, out var knha)) Error("test", $"Unknown test '{request.Test}'; one of {string.Join(", ", ModelSettings.Tests)}.");
        if (!ModelSettings.TryLevel(request.Level, out var level)) Error("level", $"Level {request.Level} is not a coverage between 0 and 100 (e.g. 95).");

        var studies = request.Studies ?? [];
        if (request.Studies is null) Error("studies", "No studies given.");
        else if (method == Tau2Method.FE ? studies.Count < 1 : studies.Count < 2)
            Error("studies", $"A {method} model needs at least {(method == Tau2Method.FE ? 1 : 2)} studies; {studies.Count} given.");
        if (errors.Count > 0) return (null, errors);

        var effects = new List<StudyEffect>(studies.Count);
        for (var i = 0; i < studies.Count; i++)
        {
            if (EffectOf(studies[i], i, measure, Error) is { } effect) effects.Add(effect);
        }

        var moderators = ReadModerators(request.Moderators, studies.Count, Error);
        if (errors.Count > 0) return (null, errors);
        var options = new MetaAnalysisOptions { Method = method, KnappHartung = knha, Level = level };
        return (new FitInput(request.Measure?.Trim().ToUpperInvariant() ?? ModelSettings.Generic, effects, options, moderators), errors);
    }

    /// <summary>The request path and label of the study an engine error names (by label), for a 400 raised after reading.</summary>
    public static string FieldOf(MetaAnalysisException e, MetaAnalysisRequest request)
    {
        var index = request.Studies?.ToList().FindIndex(s => s?.Label == e.StudyLabel) ?? -1;
        var field = ApiField(e.Field);
        if (index >= 0) return field is null ? $"studies[{index}]" : $"studies[{index}].{field}";
        return e.Kind switch
        {
            MetaAnalysisFailure.NotFullRank => "moderators",
            MetaAnalysisFailure.TooFewStudies => "studies",
            _ => field ?? "studies",
        };
    }

    private static StudyEffect? EffectOf(StudyInput? study, int index, EffectMeasure? measure, Action<string, string> error)
    {
        var path = $"studies[{index}]";
        if (study is null)
        {
            error(path, "Study is null.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(study.Label))
        {
            error($"{path}.label", $"Study {index + 1} has no label.");
            return null;
        }

        var missing = Required(study, measure).Where(f => f.Value is null).Select(f => f.Name).ToList();
        foreach (var name in missing) error($"{path}.{name}", $"Study '{study.Label}': {name} is required for measure {measure?.ToString() ?? ModelSettings.Generic}.");
        if (missing.Count > 0) return null;

        try
        {
            return measure switch
            {
                null => CheckedGeneric(study),
                { } m when ModelSettings.IsContinuous(m) => ContinuousEffectSizes.Compute(m, new ContinuousArms(
                    study.Label, study.M1i!.Value, study.Sd1i!.Value, study.N1i!.Value, study.M2i!.Value, study.Sd2i!.Value, study.N2i!.Value, study.ShamMean ?? 0)),
                { } m => BinaryEffectSizes.Compute(m, CheckedBinaryArms(study)),
            };
        }
        catch (MetaAnalysisException e)
        {
            error($"{path}.{ApiField(e.Field) ?? "label"}", $"Study '{study.Label}': {e.Detail}");
            return null;
        }
    }

    // The engine checks vi > 0 only when fitting; checking here names the study before anything runs.
    private static StudyEffect CheckedGeneric(StudyInput study)
    {
        if (!double.IsFinite(study.Yi!.Value)) throw new MetaAnalysisException($"yi must be a finite number but is {study.Yi}.", study.Label, "Yi");
        if (!double.IsFinite(study.Vi!.Value) || study.Vi <= 0) throw new MetaAnalysisException($"vi (sampling variance) must be positive but is {study.Vi}.", study.Label, "Vi");
        return new StudyEffect(study.Label!, study.Yi.Value, study.Vi.Value);
    }

    // The request sends non-events (bi, di) and the engine takes arm sizes (ai + bi, ci + di): a
    // negative or empty count must be refused here, naming the field sent, before it becomes an
    // arm size the caller never gave (n1i) or "events exceed the arm".
    private static BinaryArms CheckedBinaryArms(StudyInput study)
    {
        double ai = study.Ai!.Value, bi = study.Bi!.Value, ci = study.Ci!.Value, di = study.Di!.Value;
        foreach (var (name, engineField, value) in new[] { ("ai", "Events1", ai), ("bi", "Bi", bi), ("ci", "Events2", ci), ("di", "Di", di) })
        {
            if (!double.IsFinite(value) || value < 0)
                throw new MetaAnalysisException($"{name} must be a finite count >= 0 but is {value}.", study.Label, engineField);
        }

        if (ai + bi <= 0) throw new MetaAnalysisException("the treatment arm is empty: ai + bi must be > 0.", study.Label, "Bi");
        if (ci + di <= 0) throw new MetaAnalysisException("the control arm is empty: ci + di must be > 0.", study.Label, "Di");
        return new BinaryArms(study.Label!, ai, ai + bi, ci, ci + di);
    }

    private static (string Name, double? Value)[] Required(StudyInput s, EffectMeasure? measure) => measure switch
    {
        null => [("yi", s.Yi), ("vi", s.Vi)],
        { } m when ModelSettings.IsContinuous(m) => [("m1i", s.M1i), ("sd1i", s.Sd1i), ("n1i", s.N1i), ("m2i", s.M2i), ("sd2i", s.Sd2i), ("n2i", s.N2i)],
        _ => [("ai", s.Ai), ("bi", s.Bi), ("ci", s.Ci), ("di", s.Di)],
    };

    /// <summary>The engine's field names (ContinuousArms/BinaryArms/StudyEffect properties) as the request's.</summary>
    private static string? ApiField(string? engineField) => engineField switch
    {
        "Yi" => "yi",
        "Vi" => "vi",
        "Mean1" => "m1i",
        "Sd1" => "sd1i",
        "N1" => "n1i",
        "Mean2" => "m2i",
        "Sd2" => "sd2i",
        "N2" => "n2i",
        "ShamMean" => "shamMean",
        "Events1" => "ai",
        "Events2" => "ci",
        "Bi" => "bi",
        "Di" => "di",
        null => null,
        _ => engineField,
    };

    private static List<Moderator> ReadModerators(IReadOnlyDictionary<string, JsonElement>? moderators, int studies, Action<string, string> error)
    {
        var read = new List<Moderator>();
        foreach (var (name, values) in moderators ?? new Dictionary<string, JsonElement>())
        {
            var path = $"moderators.{name}";
            if (values.ValueKind != JsonValueKind.Array || values.GetArrayLength() != studies)
            {
                error(path, $"Moderator '{name}' must be an array with one value per study ({studies}).");
                continue;
            }

            var items = values.EnumerateArray().ToList();
            if (items.All(v => v.ValueKind == JsonValueKind.Number))
                read.Add(new ContinuousModerator(name, items.Select(v => v.GetDouble()).ToList()));
            else if (items.All(v => v.ValueKind == JsonValueKind.String))
                read.Add(new CategoricalModerator(name, items.Select(v => v.GetString()!).ToList()));
            else
                error(path, $"Moderator '{name}' mixes kinds: give all numbers (continuous) or all strings (categorical), no nulls.");
        }

        return read;
    }
}
