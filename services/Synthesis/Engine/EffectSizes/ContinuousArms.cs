namespace EvSysReview.Synthesis.Engine.EffectSizes;

/// <summary>
/// Means, SDs and sizes of the two arms of a study with a continuous outcome; arm 1 is the
/// treatment/experimental group and arm 2 the control, as in escalc(m1i, sd1i, n1i, m2i, sd2i, n2i).
/// ShamMean is used only by NMD (the mean of sham-operated/healthy animals; 0 when not reported).
/// </summary>
public sealed record ContinuousArms(
    string Label,
    double Mean1,
    double Sd1,
    double N1,
    double Mean2,
    double Sd2,
    double N2,
    double ShamMean = 0);
