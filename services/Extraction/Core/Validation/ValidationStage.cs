namespace EvSysReview.Extraction.Core.Validation;

/// <summary>How complete an entry must be: a draft is saved half-filled, a submission is not.</summary>
public enum ValidationStage
{
    /// <summary>Only what is filled in is checked (types, units, ranges, references).</summary>
    Draft,

    /// <summary>Also required fields, and every outcome row must yield at least one comparison.</summary>
    Submission,
}
