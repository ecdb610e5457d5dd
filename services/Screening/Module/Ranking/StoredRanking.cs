using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Ranking;

/// <summary>The last ranking of one stage's open items, written by the ranking worker, read by `next`.</summary>
public sealed record StoredRanking
{
    public const string Collection = "rankings";

    public required Guid ProjectId { get; init; }

    public required ScreeningStage Stage { get; init; }

    public required RankingResult Result { get; init; }

    public required DateTimeOffset RankedAt { get; init; }

    /// <summary>Items already announced as StudyExcluded{ByAutomation}, so each is announced once.</summary>
    public IReadOnlyList<Guid> AnnouncedIneligible { get; init; } = [];

    public static string Key(Guid projectId, ScreeningStage stage) => $"{projectId:N}:{StageNamesKey(stage)}";

    private static string StageNamesKey(ScreeningStage stage) => Items.StageNames.Of(stage);
}
