namespace EvSysReview.Screening.Core.Decisions;

/// <summary>
/// A command broke a screening rule. Field and Code let the service answer with a problem
/// details body naming the field and the reason; Code is stable, the message is for people.
/// </summary>
public sealed class ScreeningRuleException(string field, string code, string message) : Exception(message)
{
    public string Field { get; } = field;

    public string Code { get; } = code;
}
