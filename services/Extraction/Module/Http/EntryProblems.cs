using EvSysReview.Extraction.Core.Validation;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Http;

namespace EvSysReview.Extraction.Http;

/// <summary>Validation errors of an entry as one 400 problem, keyed by the path into the JSON the caller sent.</summary>
public static class EntryProblems
{
    public static IResult Invalid(IEnumerable<ValidationError> errors, string prefix = "") =>
        Problems.Validation(errors
            .GroupBy(e => prefix + e.Path)
            .ToDictionary(g => g.Key, g => g.Select(e => $"{e.Code}: {e.Reason}").ToArray()));
}
