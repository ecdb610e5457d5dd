using EvSysReview.Screening.Core.Decisions;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Tests.Decisions;

/// <summary>Protocols, clock and decision shorthands for the screening rule tests.</summary>
internal static class ScreeningItemFixture
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly ScreeningProtocol Dual = ScreeningProtocol.MscEvTemplate;

    public static readonly ScreeningProtocol OneReviewer = Dual with { ReviewersPerItem = 1 };

    public static ScreeningItem TitleAbstract(string citationId = "pmid:1") =>
        ScreeningItem.Open(Guid.NewGuid(), citationId, ScreeningStage.TitleAbstract);

    public static ScreeningItem FullText(string citationId = "pmid:1") =>
        ScreeningItem.Open(Guid.NewGuid(), citationId, ScreeningStage.FullText);

    public static ScreeningDecision Include(string reviewer, int minute = 0) =>
        new(reviewer, DecisionKind.Include, null, null, Start.AddMinutes(minute));

    public static ScreeningDecision Exclude(string reviewer, string? reason = null, int minute = 0) =>
        new(reviewer, DecisionKind.Exclude, reason, null, Start.AddMinutes(minute));

    public static ScreeningDecision Maybe(string reviewer, int minute = 0) =>
        new(reviewer, DecisionKind.Maybe, null, "unsure about the EV source", Start.AddMinutes(minute));

    public static ScreeningItem Decided(this ScreeningItem item, ScreeningProtocol protocol, params ScreeningDecision[] decisions) =>
        decisions.Aggregate(item, (current, decision) => current.Decide(decision, protocol).Item);
}
