using System.Text;
using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// PubMed titles and abstracts carry inline HTML (&lt;i&gt;, &lt;sub&gt;, &lt;sup&gt;) and MathML.
/// Screening shows plain text, so markup is dropped and its text kept. Inside MathML the
/// whitespace between elements is indentation, not content, so it is dropped too ("VO2max").
/// </summary>
internal static class MarkupText
{
    private static readonly XNamespace MathMl = "http://www.w3.org/1998/Math/MathML";

    public static string Flatten(XElement element)
    {
        var text = new StringBuilder();
        Append(element, text, inMath: false);
        return CollapseWhitespace(text);
    }

    private static void Append(XElement element, StringBuilder text, bool inMath)
    {
        foreach (var node in element.Nodes())
        {
            switch (node)
            {
                case XText t when !(inMath && string.IsNullOrWhiteSpace(t.Value)):
                    text.Append(t.Value);
                    break;
                case XElement child:
                    Append(child, text, inMath || child.Name.Namespace == MathMl || child.Name.LocalName == "math");
                    break;
            }
        }
    }

    public static string CollapseWhitespace(StringBuilder text)
    {
        var result = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = result.Length > 0;
                continue;
            }
            if (pendingSpace) result.Append(' ');
            pendingSpace = false;
            result.Append(c);
        }
        return result.ToString();
    }
}
