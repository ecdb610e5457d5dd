using EvSysReview.Synthesis.Engine.EffectSizes;
using EvSysReview.Synthesis.Engine.Tests.Expected;

namespace EvSysReview.Synthesis.Engine.Tests.EffectSizes;

public sealed class EffectSizeTests
{
    public static TheoryData<string> Cases() => new(MetaforExpected.EffectSizes.Select(e => e.Name));

    // Each case's R call (escalc(...)) is in Expected/MetaforExpected.cs beside its numbers.
    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_escalc(string name)
    {
        var expected = MetaforExpected.EffectSizes.Single(e => e.Name == name);
        var parts = name.Split('-');
        var measure = Enum.Parse<EffectMeasure>(parts[1]);
        var actual = parts[0] switch
        {
            "bcg" => BinaryEffectSizes.Compute(measure, Datasets.BcgArms()),
            "nielweise" => BinaryEffectSizes.Compute(measure, Datasets.NielweiseArms()),
            "normand" when measure == EffectMeasure.NMD => ContinuousEffectSizes.Compute(measure, Datasets.NormandArms(shamMean: 10)),
            "normand" => ContinuousEffectSizes.Compute(measure, Datasets.NormandArms()),
            _ => throw new InvalidOperationException(name),
        };

        Close.Equal(expected.Yi, actual.Select(s => s.Yi).ToList(), 1e-12, $"{expected.RCall} yi");
        Close.Equal(expected.Vi, actual.Select(s => s.Vi).ToList(), 1e-12, $"{expected.RCall} vi");
    }

    [Fact]
    public void Zero_cell_adds_one_half_to_every_cell_of_that_study_only()
    {
        // escalc(measure="OR", ai=0, n1i=10, ci=3, n2i=10): (0.5 · 7.5) / (10.5 · 3.5)
        var zero = BinaryEffectSizes.Compute(EffectMeasure.OR, new BinaryArms("z", 0, 10, 3, 10));
        Assert.Equal(Math.Log(0.5 * 7.5 / (10.5 * 3.5)), zero.Yi, 12);
        Assert.Equal(1 / 0.5 + 1 / 10.5 + 1 / 3.5 + 1 / 7.5, zero.Vi, 12);

        var noZero = BinaryEffectSizes.Compute(EffectMeasure.OR, new BinaryArms("n", 1, 10, 3, 10));
        Assert.Equal(Math.Log(1.0 * 7 / (9 * 3)), noZero.Yi, 12);
    }

    [Fact]
    public void Events_above_arm_size_name_the_study_and_field()
    {
        var error = Assert.Throws<MetaAnalysisException>(() =>
            BinaryEffectSizes.Compute(EffectMeasure.RR, new BinaryArms("Smith 2001", 12, 10, 3, 10)));
        Assert.Equal("Smith 2001", error.StudyLabel);
        Assert.Equal("Events1", error.Field);
    }

    [Fact]
    public void Ratio_of_means_refuses_non_positive_means()
    {
        var error = Assert.Throws<MetaAnalysisException>(() =>
            ContinuousEffectSizes.Compute(EffectMeasure.ROM, new ContinuousArms("Lee 2010", -1, 1, 10, 2, 1, 10)));
        Assert.Equal("Mean1", error.Field);
    }

    [Fact]
    public void Nmd_without_injury_is_refused()
    {
        var error = Assert.Throws<MetaAnalysisException>(() =>
            ContinuousEffectSizes.Compute(EffectMeasure.NMD, new ContinuousArms("Rat 1", 5, 1, 8, 10, 1, 8, ShamMean: 10)));
        Assert.Equal("Rat 1", error.StudyLabel);
    }

    // Both SDs 0 (reported as such, or an IQR with q1 = q3): vi would be 0 and the row would take
    // infinite weight, so the row is refused by name rather than failing the whole fit.
    [Theory]
    [InlineData(EffectMeasure.MD)]
    [InlineData(EffectMeasure.ROM)]
    [InlineData(EffectMeasure.NMD)]
    public void Zero_sampling_variance_is_refused_naming_the_sd(EffectMeasure measure)
    {
        var error = Assert.Throws<MetaAnalysisException>(() =>
            ContinuousEffectSizes.Compute(measure, new ContinuousArms("Park 2018", 12, 0, 10, 20, 0, 10, ShamMean: 5)));
        Assert.Equal(("Park 2018", "Sd1", MetaAnalysisFailure.InvalidInput), (error.StudyLabel, error.Field, error.Kind));
    }
}
