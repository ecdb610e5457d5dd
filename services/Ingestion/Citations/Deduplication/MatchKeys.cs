using System.Globalization;
using System.Text;

namespace EvSysReview.Ingestion.Citations.Deduplication;

/// <summary>
/// The folded forms compared by the fuzzy rule: case, punctuation, diacritics and whitespace do
/// not count ("Jänne" = "Janne"; "Cancer: a review." = "cancer a review").
/// </summary>
public static class MatchKeys
{
    public static string FoldTitle(string? title) => Fold(title, keepSpaces: true);

    public static string FoldName(string? name) => Fold(name, keepSpaces: false);

    // The repository builds with InvariantGlobalization, where string.Normalize(FormD) is a no-op,
    // so Latin letters with diacritics (U+00C0..U+024F) fold through this table instead; it was
    // generated with Python's unicodedata (NFD base letter; ß→ss, æ→ae, ø→o, ł→l, þ→th ...).
    private const int TableStart = 0xC0;
    private static readonly string[] LatinFold = "a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|ss|a|a|a|a|a|a|ae|c|e|e|e|e|i|i|i|i|d|n|o|o|o|o|o||o|u|u|u|u|y|th|y|a|a|a|a|a|a|c|c|c|c|c|c|c|c|d|d|d|d|e|e|e|e|e|e|e|e|e|e|g|g|g|g|g|g|g|g|h|h|h|h|i|i|i|i|i|i|i|i|i|i|||j|j|k|k||l|l|l|l|l|l|l|l|l|l|n|n|n|n|n|n||n|n|o|o|o|o|o|o|oe|oe|r|r|r|r|r|r|s|s|s|s|s|s|s|s|t|t|t|t|||u|u|u|u|u|u|u|u|u|u|u|u|w|w|y|y|y|z|z|z|z|z|z|s|||||||||||||||||||f||||||||||||||o|o||||||||||||||u|u|||||||||||||||||||||||||||||a|a|i|i|o|o|u|u|u|u|u|u|u|u|u|u||a|a|a|a|||||g|g|k|k|o|o|o|o|||j||||g|g|||n|n|a|a|||||a|a|a|a|e|e|e|e|i|i|i|i|o|o|o|o|r|r|r|r|u|u|u|u|s|s|t|t|||h|h|||||||a|a|e|e|o|o|o|o|o|o|o|o|y|y||||||||||||||||||||||||||||".Split('|');

    private static string Fold(string? text, bool keepSpaces)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var folded = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark) continue;
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && keepSpaces && folded.Length > 0) folded.Append(' ');
                pendingSpace = false;
                var index = c - TableStart;
                if (index >= 0 && index < LatinFold.Length && LatinFold[index].Length > 0) folded.Append(LatinFold[index]);
                else folded.Append(char.ToLowerInvariant(c));
            }
            else
            {
                // Punctuation separates words like a space does ("non-obese" = "non obese").
                pendingSpace = true;
            }
        }
        return folded.ToString();
    }
}
