using EvSysReview.Screening.Core.Decisions;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.Screening.Http;

/// <summary>Core's rule refusals as problem details naming the field of the HTTP body.</summary>
public static class RuleProblems
{
    private static readonly HashSet<string> StateCodes = ["item_final", "enough_reviewers", "no_conflict", "not_retracted"];

    public static IResult Of(ScreeningRuleException refusal)
    {
        // The API calls Core's exclusionReason "reason".
        var field = refusal.Field == "exclusionReason" ? "reason" : refusal.Field;
        var detail = $"{refusal.Code}: {refusal.Message}";
        if (refusal.Code == "no_decision") return Problems.NotFound(field, detail);
        if (StateCodes.Contains(refusal.Code)) return Problems.Conflict(detail, field == "reviewerId" ? "itemId" : field);
        if (refusal.Field == "role") return Problems.Forbidden(detail);
        return Problems.Validation(field, detail);
    }
}
