namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>A study as it entered a model, with its weight in percent (weights.rma.uni).</summary>
public sealed record StudyWeight(string Label, double Yi, double Vi, double Weight);
