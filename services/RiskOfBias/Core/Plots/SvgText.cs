using System.Globalization;
using System.Text;
using System.Xml;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>Text and numbers as SVG (XML) wants them.</summary>
public static class SvgText
{
    // Study labels come from imported citations: anything, including characters XML forbids.
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                default:
                    if (XmlConvert.IsXmlChar(c) || char.IsSurrogate(c))
                        escaped.Append(c);
                    break;
            }
        }
        return escaped.ToString();
    }

    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Keeps plots from being stretched by one very long label; the full text goes in a title.</summary>
    public static string Shorten(string text, int maxCharacters) =>
        text.Length <= maxCharacters ? text : string.Concat(text.AsSpan(0, maxCharacters - 1), "…");

    /// <summary>Average sans-serif glyph width is about 0.6 em; used to size label columns.</summary>
    public static double Width(string text, double fontSize) => text.Length * fontSize * 0.6;
}
