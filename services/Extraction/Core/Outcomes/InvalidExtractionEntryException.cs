using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>An entry that is not complete and valid was asked to become a finalised extraction.</summary>
public sealed class InvalidExtractionEntryException(IReadOnlyList<ValidationError> errors)
    : Exception($"The entry has {errors.Count} validation error(s); first: {errors[0].Path}: {errors[0].Reason}")
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
