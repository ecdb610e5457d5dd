using System.Text.Json;
using EvSysReview.Extraction.Core.Comparison;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;
using EvSysReview.Extraction.Entries;

namespace EvSysReview.Extraction.Consensus;

/// <summary>
/// Applies a consensus request's choices one by one, so each one that cannot be applied is reported
/// at its own place (choices[3].path) instead of failing the whole request.
/// </summary>
public static class ConsensusResolution
{
    /// <summary>Only the data of an entry is chosen; its study, form and extractor are not for the consensus to change.</summary>
    private static readonly string[] ChoosableRoots = ["fields", "arms", "comparisons", "outcomes"];

    public static (ExtractionEntry Consensus, IReadOnlyList<ValidationError> Errors) Apply(
        ExtractionEntry baseEntry, ExtractionEntry? other, IReadOnlyList<ConsensusChoiceRequest?> choices)
    {
        var errors = new List<ValidationError>();
        var consensus = baseEntry with { ExtractorId = null };
        for (var i = 0; i < choices.Count; i++)
        {
            var at = $"choices[{i}]";
            if (choices[i] is not { } choice)
            {
                errors.Add(new(at, ValidationCodes.Required, "A choice is required here, not null."));
                continue;
            }

            if (string.IsNullOrWhiteSpace(choice.Path) || !ChoosableRoots.Any(r => choice.Path == r || choice.Path.StartsWith(r + ".", StringComparison.Ordinal) || choice.Path.StartsWith(r + "[", StringComparison.Ordinal)))
            {
                errors.Add(new($"{at}.path", ValidationCodes.Required, $"A path into the entry's {string.Join(", ", ChoosableRoots)} is required, as the comparison lists it."));
                continue;
            }

            if (choice.Source is not { } source)
            {
                errors.Add(new($"{at}.source", ValidationCodes.Required, "Say where the value comes from: base, other or agreed."));
                continue;
            }

            if (source == ConsensusSource.Other && other is null)
            {
                errors.Add(new($"{at}.source", ValidationCodes.Inconsistent, "There is no other extraction to take a value from; use agreed."));
                continue;
            }

            try
            {
                consensus = ConsensusBuilder.Build(consensus, other ?? consensus, [new ConsensusChoice(choice.Path, source, choice.Value)]);
            }
            catch (Exception e) when (e is ArgumentException or FormatException)
            {
                errors.Add(new($"{at}.path", ValidationCodes.Reference, e.Message));
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                errors.Add(new($"{at}.value", ValidationCodes.WrongType, $"The value does not fit at {choice.Path}: {e.Message}"));
            }
        }

        if (errors.Count == 0) errors.AddRange(ShapeOf(consensus).ShapeErrors());
        return (consensus, errors);
    }

    // An agreed value can put JSON null where the model expects a value, as a PUT body can.
    private static EntryRequest ShapeOf(ExtractionEntry entry) => new()
    {
        Fields = entry.Fields.ToDictionary(f => f.Key, f => (FieldValue?)f.Value),
        Arms = [.. entry.Arms],
        Comparisons = [.. entry.Comparisons],
        Outcomes = [.. entry.Outcomes],
    };
}
