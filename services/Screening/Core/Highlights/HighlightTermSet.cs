using System.Text.RegularExpressions;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Highlights;

/// <summary>
/// The protocol's include and exclude terms compiled once. A term matches case-insensitively
/// where a word starts; a plain term must also end where a word ends ("rat" does not light up
/// "rate"), a trailing * lets the word go on ("exosome*" matches "exosomes"), and the words of a
/// multiword term may be separated by any run of spaces or hyphens ("in vitro", "in-vitro").
/// </summary>
public sealed class HighlightTermSet
{
    private const string WordCharacter = @"[\p{L}\p{N}]";

    private readonly IReadOnlyList<(Regex Pattern, HighlightKind Kind, string Term)> terms;

    public HighlightTermSet(IEnumerable<string> includeTerms, IEnumerable<string> excludeTerms)
    {
        terms = includeTerms.Select(t => (t, HighlightKind.Include))
            .Concat(excludeTerms.Select(t => (t, HighlightKind.Exclude)))
            .Where(t => !string.IsNullOrWhiteSpace(t.t.TrimEnd('*')))
            .Select(t => (Compile(t.t), t.Item2, t.t.Trim()))
            .ToList();
    }

    public static HighlightTermSet For(ScreeningProtocol protocol) => new(protocol.IncludeTerms, protocol.ExcludeTerms);

    public bool IsEmpty => terms.Count == 0;

    /// <summary>
    /// Non-overlapping highlights in title then abstract, by position. Where terms overlap the
    /// earlier, then the longer, match wins, so a reader never sees nested marks.
    /// </summary>
    public IReadOnlyList<Highlight> Find(string? title, string? abstractText) =>
        [.. FindIn(HighlightField.Title, title), .. FindIn(HighlightField.Abstract, abstractText)];

    /// <summary>Include matches minus exclude matches: the order used before a model can be trained.</summary>
    public int Score(string? title, string? abstractText)
    {
        var score = 0;
        foreach (var highlight in Find(title, abstractText))
        {
            score += highlight.Kind == HighlightKind.Include ? 1 : -1;
        }

        return score;
    }

    private IEnumerable<Highlight> FindIn(HighlightField field, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var matches = terms
            .SelectMany(t => t.Pattern.Matches(text).Select(m => new Highlight(field, m.Index, m.Length, t.Kind, t.Term)))
            .OrderBy(h => h.Start)
            .ThenByDescending(h => h.Length);
        var kept = new List<Highlight>();
        var end = 0;
        foreach (var match in matches)
        {
            if (match.Start >= end)
            {
                kept.Add(match);
                end = match.Start + match.Length;
            }
        }

        return kept;
    }

    private static Regex Compile(string term)
    {
        var trimmed = term.Trim();
        var wildcard = trimmed.EndsWith('*');
        var words = trimmed.TrimEnd('*').Split([' ', '\t', '-'], StringSplitOptions.RemoveEmptyEntries);
        var body = string.Join(@"[\s\-]+", words.Select(Regex.Escape));
        var tail = wildcard ? WordCharacter + "*" : $"(?!{WordCharacter})";
        return new Regex($"(?<!{WordCharacter}){body}{tail}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    }
}
