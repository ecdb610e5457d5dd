using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.EUtilities;

/// <summary>
/// An ESearch answer. <see cref="Count"/> = 0 with no <see cref="ESearchResponse.Error"/> is a real
/// "no hits" (possibly with <see cref="PhrasesNotFound"/>); an error is not zero hits.
/// </summary>
public sealed record ESearchResult(
    int Count,
    int RetMax,
    int RetStart,
    IReadOnlyList<string> Ids,
    string? QueryKey,
    string? WebEnv,
    string? QueryTranslation,
    IReadOnlyList<string> PhrasesNotFound,
    IReadOnlyList<string> FieldsNotFound,
    IReadOnlyList<string> Warnings);

/// <summary>Exactly one of <see cref="Result"/> and <see cref="Error"/> is set.</summary>
public sealed record ESearchResponse(ESearchResult? Result, EUtilitiesError? Error);

public static class ESearchResponseReader
{
    public static ESearchResponse Read(Stream input) => Interpret(EUtilitiesXml.Load(input));

    public static async Task<ESearchResponse> ReadAsync(Stream input, CancellationToken cancellationToken = default) =>
        Interpret(await EUtilitiesXml.LoadAsync(input, cancellationToken).ConfigureAwait(false));

    /// <summary>Read under <paramref name="maxBytes"/>: the cap the caller read the answer under, so only one cap governs it.</summary>
    public static async Task<ESearchResponse> ReadAsync(Stream input, long maxBytes, CancellationToken cancellationToken) =>
        Interpret(await EUtilitiesXml.LoadAsync(input, cancellationToken, maxBytes).ConfigureAwait(false));

    private static ESearchResponse Interpret((XElement? Root, EUtilitiesError? Error) loaded)
    {
        if (loaded.Error is not null) return new ESearchResponse(null, loaded.Error);
        var root = loaded.Root!;
        if (EUtilitiesXml.ExpectRoot(root, "eSearchResult") is { } wrongRoot) return new ESearchResponse(null, wrongRoot);
        if (!int.TryParse(root.Element("Count")?.Value, out var count))
            return new ESearchResponse(null, new EUtilitiesError(EUtilitiesErrorKind.MalformedResponse, "eSearchResult has no Count"));

        var errors = root.Element("ErrorList");
        var warnings = root.Element("WarningList");
        return new ESearchResponse(new ESearchResult(
            count,
            int.TryParse(root.Element("RetMax")?.Value, out var retMax) ? retMax : 0,
            int.TryParse(root.Element("RetStart")?.Value, out var retStart) ? retStart : 0,
            root.Element("IdList")?.Elements("Id").Select(i => i.Value.Trim()).ToList() ?? [],
            NullIfEmpty(root.Element("QueryKey")?.Value),
            NullIfEmpty(root.Element("WebEnv")?.Value),
            NullIfEmpty(root.Element("QueryTranslation")?.Value),
            Texts(errors, "PhraseNotFound"),
            Texts(errors, "FieldNotFound"),
            warnings?.Elements().Select(w => $"{w.Name.LocalName}: {w.Value.Trim()}").ToList() ?? []), null);
    }

    private static List<string> Texts(XElement? parent, string name) =>
        parent?.Elements(name).Select(e => e.Value.Trim()).ToList() ?? [];

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
