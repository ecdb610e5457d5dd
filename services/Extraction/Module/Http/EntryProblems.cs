using EvSysReview.Extraction.Core.Validation;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.Extraction.Http;

/// <summary>Validation errors of an entry as one 400 problem, keyed by the path into the JSON the caller sent.</summary>
public static class EntryProblems
{
    /// <summary>428: an update of an existing document must say which version it edits (If-Match), so it cannot silently undo a change the caller has not seen.</summary>
    public static IResult IfMatchRequired(string reason) =>
        Problems.Problem(StatusCodes.Status428PreconditionRequired, "Precondition required", reason, "If-Match");

    public static IResult Invalid(IEnumerable<ValidationError> errors, string prefix = "") =>
        Problems.Validation(errors
            .GroupBy(e => prefix + e.Path)
            .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {e.Reason}").ToArray()));
}
