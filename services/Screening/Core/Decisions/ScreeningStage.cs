namespace EvSysReview.Screening.Core.Decisions;

public enum ScreeningStage
{
    TitleAbstract,
    FullText,
}
