namespace EvSysReview.Extraction.Core.Outcomes;

/// <summary>
/// The answer to one study-level field. Which members are used depends on the field's type:
/// choice → <see cref="Choice"/> (+ <see cref="OtherText"/>), checklist → <see cref="Checked"/>
/// (+ <see cref="OtherText"/>), number → <see cref="Number"/> and <see cref="Unit"/> (or
/// <see cref="Values"/> when repeated), text → <see cref="Text"/>.
/// </summary>
public sealed record FieldValue
{
    public string? Choice { get; init; }

    public string? OtherText { get; init; }

    public IReadOnlyList<string>? Checked { get; init; }

    public double? Number { get; init; }

    public string? Unit { get; init; }

    public IReadOnlyList<Quantity>? Values { get; init; }

    public string? Text { get; init; }

    /// <summary>The paper does not say; distinguishes "looked and found nothing" from "not filled in yet".</summary>
    public bool? NotReported { get; init; }
}
