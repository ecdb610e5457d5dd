using Microsoft.Playwright;

namespace EvSysReview.Browser.Tests;

/// <summary>Steps in the assessor's risk-of-bias form.</summary>
public static class RiskOfBiasForm
{
    /// <summary>Checks the answer labelled <paramref name="label"/> ("Probably yes") of a signalling question ("1.2").</summary>
    public static Task AnswerAsync(this IPage page, string question, string label) =>
        page.Locator($"fieldset.question[data-question='{question}']").GetByLabel(label, new() { Exact = true }).CheckAsync();
}
