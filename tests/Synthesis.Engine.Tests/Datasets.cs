using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests;

/// <summary>metafor's example datasets (Expected/MetaforDatasets.cs) turned into engine inputs.</summary>
internal static class Datasets
{
    public static IReadOnlyList<BinaryArms> BcgArms() =>
        MetaforDatasets.BcgAuthor.Select((label, i) => new BinaryArms(
            label,
            MetaforDatasets.BcgTpos[i],
            MetaforDatasets.BcgTpos[i] + MetaforDatasets.BcgTneg[i],
            MetaforDatasets.BcgCpos[i],
            MetaforDatasets.BcgCpos[i] + MetaforDatasets.BcgCneg[i])).ToList();

    public static IReadOnlyList<BinaryArms> NielweiseArms() =>
        MetaforDatasets.NielweiseAuthor.Select((label, i) => new BinaryArms(
            label, MetaforDatasets.NielweiseAi[i], MetaforDatasets.NielweiseN1[i], MetaforDatasets.NielweiseCi[i], MetaforDatasets.NielweiseN2[i])).ToList();

    public static IReadOnlyList<ContinuousArms> NormandArms(double shamMean = 0) =>
        MetaforDatasets.NormandSource.Select((label, i) => new ContinuousArms(
            label,
            MetaforDatasets.NormandM1[i], MetaforDatasets.NormandSd1[i], MetaforDatasets.NormandN1[i],
            MetaforDatasets.NormandM2[i], MetaforDatasets.NormandSd2[i], MetaforDatasets.NormandN2[i],
            shamMean)).ToList();

    public static IReadOnlyList<StudyEffect> BcgLogRiskRatios() => BinaryEffectSizes.Compute(EffectMeasure.RR, BcgArms());

    public static IReadOnlyList<StudyEffect> Hackshaw() =>
        Zip(MetaforDatasets.HackshawAuthor, MetaforDatasets.HackshawYi, MetaforDatasets.HackshawVi);

    public static IReadOnlyList<StudyEffect> Raudenbush() =>
        Zip(MetaforDatasets.RaudenbushAuthor, MetaforDatasets.RaudenbushYi, MetaforDatasets.RaudenbushVi);

    public static IReadOnlyList<StudyEffect> ByName(string dataset) => dataset switch
    {
        "bcg-RR" => BcgLogRiskRatios(),
        "normand-SMD" => ContinuousEffectSizes.Compute(EffectMeasure.SMD, NormandArms()),
        "hackshaw" => Hackshaw(),
        "raudenbush" => Raudenbush(),
        _ => throw new ArgumentOutOfRangeException(nameof(dataset), dataset, null),
    };

    private static IReadOnlyList<StudyEffect> Zip(string[] labels, double[] yi, double[] vi) =>
        labels.Select((label, i) => new StudyEffect(label, yi[i], vi[i])).ToList();
}
