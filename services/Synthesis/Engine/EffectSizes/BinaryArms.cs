namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>
/// Event counts and sizes of the two arms of a study with a dichotomous outcome; arm 1 is the
/// treatment group, as in escalc(ai=Events1, n1i=N1, ci=Events2, n2i=N2).
/// </summary>
public sealed record BinaryArms(string Label, double Events1, double N1, double Events2, double N2);
