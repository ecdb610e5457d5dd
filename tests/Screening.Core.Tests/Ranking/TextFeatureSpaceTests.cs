using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Screening.Core.Tests.Ranking;

public sealed class TextFeatureSpaceTests
{
    private static RankingRecord Record(int id, string title, params string[] mesh) => new(ScreeningSimulation.IdOf(id), title, null, mesh);

    private static readonly TextFeatureSpace Space = TextFeatureSpace.Fit(
    [
        Record(1, "Exosomes from mesenchymal stem cells in mice", "Extracellular Vesicles"),
        Record(2, "Hospital costs of stroke care"),
        Record(3, "Exosomes and memory"),
    ]);

    [Fact]
    public void Title_abstract_and_mesh_words_make_unit_length_tf_idf_vectors()
    {
        var vector = Space.VectorOf(ScreeningSimulation.IdOf(1));

        Assert.True(vector.GetValues().ToArray().Count(v => v > 0) >= 7, "exosomes, mesenchymal, stem, cells, mice, extracellular, vesicles");
        Assert.Equal(1.0, Math.Sqrt(vector.GetValues().ToArray().Sum(v => v * v)), 5);
    }

    [Fact]
    public void Records_added_later_use_the_fitted_vocabulary_and_leave_the_original_alone()
    {
        var grown = Space.WithRecords([Record(4, "Memory of mice"), Record(5, "Quasar spectra")]);

        Assert.Equal((3, 5), (Space.Count, grown.Count));
        Assert.Equal(Space.Dimension, grown.Dimension);
        Assert.Contains(grown.VectorOf(ScreeningSimulation.IdOf(4)).GetValues().ToArray(), v => v > 0);
        // No word of record 5 was in the corpus the space was fitted on.
        Assert.All(grown.VectorOf(ScreeningSimulation.IdOf(5)).GetValues().ToArray(), v => Assert.Equal(0f, v));
    }
}
