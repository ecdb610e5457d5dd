using Microsoft.Playwright;

namespace EvSysReview.Browser.Tests;

/// <summary>Checks every screen of the browser tests passes: labelled controls and no sideways scrolling.</summary>
public static class PageChecks
{
    /// <summary>
    /// Every visible input, select, textarea and button has an accessible name (aria-label,
    /// aria-labelledby, a &lt;label&gt;, or a button's own text), and the page does not scroll
    /// sideways at the current viewport width (the message names the elements that stick out).
    /// </summary>
    public static async Task AssertUsableAsync(IPage page, string screen)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input, select, textarea, button')]
              .filter(e => e.type !== 'hidden' && (e.offsetParent !== null || e.type === 'file'))
              .filter(e => {
                const byIds = (e.getAttribute('aria-labelledby') || '').split(/\s+/).filter(Boolean)
                  .map(id => document.getElementById(id)?.textContent || '').join(' ');
                const byLabels = [...(e.labels || [])].map(l => l.textContent).join(' ');
                const own = e.tagName === 'BUTTON' ? e.textContent : '';
                return !((e.getAttribute('aria-label') || '') + byIds + byLabels + own + (e.title || '')).trim();
              })
              .map(e => e.outerHTML.slice(0, 160))
            """);
        Assert.True(unlabelled.Length == 0, $"{screen}: controls without a label: {string.Join(" | ", unlabelled)}");
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        if (overflow <= 1) return;
        var culprits = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
              .slice(0, 8).map(e => `${e.tagName}.${e.className} (${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        Assert.Fail($"{screen}: the page scrolls sideways by {overflow} px at {page.ViewportSize?.Width} px: {string.Join(", ", culprits)}");
    }

    /// <summary>
    /// Each &lt;text&gt; of an SVG with its x range as Chromium lays it out (getBBox), from the SVG
    /// drawn inline on a blank page of the same browser context (the app shows plots as &lt;img&gt;,
    /// whose text cannot be measured).
    /// </summary>
    public static async Task<IReadOnlyList<(string Text, double Left, double Right, double Y)>> SvgTextBoxesAsync(IBrowserContext context, string svg)
    {
        var page = await context.NewPageAsync();
        try
        {
            await page.SetContentAsync($"<!doctype html><body style=\"margin:0\">{svg}</body>");
            var boxes = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
                () => [...document.querySelectorAll('svg text')].map(t => {
                  const b = t.getBBox();
                  return { text: t.textContent, left: b.x, right: b.x + b.width, y: Number(t.getAttribute('y')) };
                })
                """);
            return boxes.EnumerateArray()
                .Select(b => (b.GetProperty("text").GetString()!, b.GetProperty("left").GetDouble(), b.GetProperty("right").GetDouble(), b.GetProperty("y").GetDouble()))
                .ToList();
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    /// <summary>The checks above, then the screen's screenshot under that name.</summary>
    public static async Task AssertUsableAndScreenshotAsync(UiSession ui, string name)
    {
        await AssertUsableAsync(ui.Page, name);
        await ui.ScreenshotAsync(name);
    }
}
