namespace EvSysReview.Extraction.Core.Forms;

/// <summary>How a study-level field is answered.</summary>
public enum FieldType
{
    /// <summary>One option from a list (optionally "other" with free text).</summary>
    Choice,

    /// <summary>Any number of options ticked (e.g. the MISEV characterisation items).</summary>
    Checklist,

    /// <summary>A number, with a unit when the field lists allowed units.</summary>
    Number,

    /// <summary>Free text.</summary>
    Text,
}
