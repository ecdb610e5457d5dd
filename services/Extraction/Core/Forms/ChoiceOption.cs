namespace EvSysReview.Extraction.Core.Forms;

/// <summary>An option of a choice or checklist field: the stored value and what reviewers read.</summary>
public sealed record ChoiceOption(string Value, string Label);
