using EvSysReview.Screening.Core.Decisions;

namespace EvSysReview.Screening.Items;

/// <summary>The stage names of the HTTP API and the integration events.</summary>
public static class StageNames
{
    public const string TitleAbstract = "title-abstract";
    public const string FullText = "full-text";

    public static string Of(ScreeningStage stage) => stage == ScreeningStage.FullText ? FullText : TitleAbstract;

    public static ScreeningStage? Parse(string? name) => name switch
    {
        null or "" or TitleAbstract => ScreeningStage.TitleAbstract,
        FullText => ScreeningStage.FullText,
        _ => null,
    };

    public static string Decision(DecisionKind kind) => kind.ToString().ToLowerInvariant();
}
