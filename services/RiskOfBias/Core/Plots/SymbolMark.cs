using System.Text;
using static EvSysReview.RiskOfBias.Core.Plots.SvgText;

namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// Draws a judgement symbol inside a circle. +, − and × are stroked lines rather than glyphs:
/// font glyphs for them vary wildly in size between renderers, so at 200 rows they vanished.
/// </summary>
internal static class SymbolMark
{
    public static void Append(StringBuilder svg, string symbol, double x, double y, double radius)
    {
        var arm = radius * 0.5;
        var diagonal = arm * 0.8;
        var stroke = $"""stroke="#000000" stroke-width="{Number(Math.Max(1.2, radius * 0.22))}" stroke-linecap="round" """;
        switch (symbol)
        {
            case "+":
                svg.Append($"""<path d="M{Number(x - arm)} {Number(y)}H{Number(x + arm)}M{Number(x)} {Number(y - arm)}V{Number(y + arm)}" {stroke}/>""");
                break;
            case "−" or "-":
                svg.Append($"""<path d="M{Number(x - arm)} {Number(y)}H{Number(x + arm)}" {stroke}/>""");
                break;
            case "×" or "X" or "x":
                svg.Append($"""<path d="M{Number(x - diagonal)} {Number(y - diagonal)}L{Number(x + diagonal)} {Number(y + diagonal)}M{Number(x - diagonal)} {Number(y + diagonal)}L{Number(x + diagonal)} {Number(y - diagonal)}" {stroke}/>""");
                break;
            default:
                svg.Append($"""<text x="{Number(x)}" y="{Number(y)}" dy="0.35em" text-anchor="middle" font-weight="bold" font-size="{Number(radius * 1.4)}">{Escape(symbol)}</text>""");
                break;
        }
    }
}
