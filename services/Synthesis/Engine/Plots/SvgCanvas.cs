using System.Globalization;
using System.Text;

namespace EvSysReview.Synthesis.Engine.Plots;

/// <summary>
/// Appends SVG elements to a string. All text goes through <see cref="Escape"/>, so study labels
/// such as "Smith &amp; Jones &lt;2019&gt;" cannot break the document.
/// </summary>
internal sealed class SvgCanvas
{
    public const string Font = "Helvetica, Arial, sans-serif";
    private readonly StringBuilder _body = new();

    public SvgCanvas(double width, double height)
    {
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

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
                // Control characters other than tab/newline are not allowed in XML 1.0 at all.
                case < ' ' and not '\t' and not '\n' and not '\r': break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    public void Line(double x1, double y1, double x2, double y2, string stroke = "#000", double width = 1, string? dash = null) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<line x1=\"{Number(x1)}\" y1=\"{Number(y1)}\" x2=\"{Number(x2)}\" y2=\"{Number(y2)}\" stroke=\"{stroke}\" stroke-width=\"{Number(width)}\"{(dash is null ? "" : $" stroke-dasharray=\"{dash}\"")}/>\n");

    public void Rect(double x, double y, double width, double height, string fill, string? stroke = null, double strokeWidth = 1) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<rect x=\"{Number(x)}\" y=\"{Number(y)}\" width=\"{Number(width)}\" height=\"{Number(height)}\" fill=\"{fill}\"{(stroke is null ? "" : $" stroke=\"{stroke}\" stroke-width=\"{Number(strokeWidth)}\"")}/>\n");

    public void Polygon(IEnumerable<(double X, double Y)> points, string fill, string? stroke = null) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<polygon points=\"{string.Join(' ', points.Select(p => $"{Number(p.X)},{Number(p.Y)}"))}\" fill=\"{fill}\"{(stroke is null ? "" : $" stroke=\"{stroke}\"")}/>\n");

    public void Circle(double cx, double cy, double r, string fill, string stroke, double strokeWidth = 1) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<circle cx=\"{Number(cx)}\" cy=\"{Number(cy)}\" r=\"{Number(r)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{Number(strokeWidth)}\"/>\n");

    public void Text(double x, double y, string text, string anchor = "start", double size = 12, bool bold = false, bool italic = false, string fill = "#000", double rotate = 0) =>
        _body.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{Number(x)}\" y=\"{Number(y)}\" font-family=\"{Font}\" font-size=\"{Number(size)}\" text-anchor=\"{anchor}\"{(bold ? " font-weight=\"bold\"" : "")}{(italic ? " font-style=\"italic\"" : "")} fill=\"{fill}\"{(rotate == 0 ? "" : $" transform=\"rotate({Number(rotate)} {Number(x)} {Number(y)})\"")}>{Escape(text)}</text>\n");

    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Number(Width)}\" height=\"{Number(Height)}\" viewBox=\"0 0 {Number(Width)} {Number(Height)}\">\n" +
        $"<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n{_body}</svg>\n";
}
