namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>One study's effect size (yi) and sampling variance (vi), the input of every model.</summary>
public sealed record StudyEffect(string Label, double Yi, double Vi);
