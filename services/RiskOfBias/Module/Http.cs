using EvSysReview.RiskOfBias.Core;
using EvSysReview.RiskOfBias.Core.Assessments;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.RiskOfBias;

/// <summary>ETags, If-Match, correlation ids and the mapping of the core's rule violations to RFC 7807 problems.</summary>
internal static class Http
{
    /// <summary>The study's ETag (consensus, finalize, reopen): the stored version.</summary>
    public static string StudyETag(long version) => EntityTags.Of(version);

    /// <summary>An assessor's own sheet ETag (assessments/me): how often they saved it. Distinct in form, so one is never mistaken for the other.</summary>
    public static string SheetETag(long sheetVersion) => $"\"me-{sheetVersion}\"";

    /// <summary>
    /// "state", and the completeness checks of submit and finalise, are about what the assessment's
    /// current state allows (409); anything else names a field of the request (400).
    /// </summary>
    public static IResult Problem(AssessmentRuleViolation violation) => violation switch
    {
        IncompleteAssessment incomplete => Incomplete(incomplete),
        { Field: "state" or "sheet" or "consensus" or "assessor" } => Problems.Conflict(violation.Reason, violation.Field),
        _ => Problems.Validation(violation.Field, violation.Reason),
    };

    /// <summary>The 409 of an incomplete sheet or consensus also lists, per domain, the question ids still to answer.</summary>
    private static IResult Incomplete(IncompleteAssessment incomplete) =>
        Problems.Conflict(incomplete.Reason, incomplete.Field, new Dictionary<string, object?> { ["unanswered"] = incomplete.Unanswered });

    /// <summary>Every risk-of-bias endpoint turns an AssessmentRuleViolation into its problem.</summary>
    public static async ValueTask<object?> ViolationFilter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (AssessmentRuleViolation violation)
        {
            return Problem(violation);
        }
    }
}
