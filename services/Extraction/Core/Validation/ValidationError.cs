namespace EvSysReview.Extraction.Core.Validation;

/// <summary>
/// One problem with an entry. <see cref="Path"/> points into the submitted JSON
/// (<c>fields.age.unit</c>, <c>outcomes[2].arms[0].sd</c>); <see cref="Code"/> is stable for clients,
/// <see cref="Reason"/> is for people. The service turns these into RFC 7807 problem details.
/// </summary>
public sealed record ValidationError(string Path, string Code, string Reason);

/// <summary>The stable codes of <see cref="ValidationError"/>.</summary>
public static class ValidationCodes
{
    public const string Required = "required";
    public const string UnknownField = "unknownField";
    public const string NotAnOption = "notAnOption";
    public const string Unit = "unit";
    public const string Range = "range";
    public const string Integer = "integer";
    public const string WrongType = "wrongType";
    public const string Reference = "reference";
    public const string Duplicate = "duplicate";
    public const string Inconsistent = "inconsistent";
    public const string FormMismatch = "formMismatch";
}
