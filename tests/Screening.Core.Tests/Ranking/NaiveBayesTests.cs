using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;
using Microsoft.ML.Data;

namespace EvSysReview.Screening.Core.Tests.Ranking;

/// <summary>
/// The naive Bayes fit against scikit-learn's MultinomialNB(alpha=3.822) and the TF-IDF weights
/// against its TfidfVectorizer(stop_words="english"); the expected values are printed by
/// `/usr/bin/python3 tests/Screening.Core.Tests/reference/naive_bayes_reference.py`
/// (Debian python3-sklearn 1.2.1).
/// </summary>
public sealed class NaiveBayesTests
{
    private static readonly float[][] Training =
    [
        [0.5f, 0.0f, 0.3f, 0.0f, 0.8f],
        [0.0f, 0.9f, 0.0f, 0.4f, 0.0f],
        [0.6f, 0.1f, 0.5f, 0.0f, 0.2f],
        [0.0f, 0.7f, 0.1f, 0.6f, 0.0f],
        [0.1f, 0.6f, 0.0f, 0.5f, 0.1f],
    ];

    private static readonly bool[] Included = [true, false, true, false, false];

    private static readonly float[][] Test = [[0.7f, 0, 0.2f, 0, 0.7f], [0, 0.8f, 0, 0.6f, 0], [0.3f, 0.3f, 0.3f, 0.3f, 0.3f]];

    [Fact]
    public void Log_odds_match_scikit_learn_MultinomialNB_with_ASReview_alpha()
    {
        var logOdds = LogOdds([1, 1, 1, 1, 1]);

        // nb.predict_log_proba(test)[:, 1] - [:, 0]
        Assert.Equal(0.0017469291002121246, logOdds[0], 5);
        Assert.Equal(-0.8852348647952155, logOdds[1], 5);
        Assert.Equal(-0.3877020546123324, logOdds[2], 5);
    }

    [Fact]
    public void A_multiplicity_is_the_same_as_the_record_repeated_in_the_training_set()
    {
        var logOdds = LogOdds([3, 1, 1, 1, 1]);

        // MultinomialNB fitted on X with row 0 appended twice more.
        Assert.Equal(0.8330834393780373, logOdds[0], 5);
        Assert.Equal(-0.38132509579801965, logOdds[1], 5);
        Assert.Equal(0.28075667202918364, logOdds[2], 5);
    }

    [Fact]
    public void Words_no_labelled_record_has_in_blocks_and_alone_match_scikit_learn()
    {
        // Section 4 of the reference: the same matrix spread over 13 words, 8 of them in no training record.
        int[] seenAt = [4, 6, 8, 9, 10];
        float[] Spread(float[] row)
        {
            var wide = new float[13];
            for (var k = 0; k < seenAt.Length; k++) wide[seenAt[k]] = row[k];
            return wide;
        }

        var test = Test.Select(Spread).ToArray();
        foreach (var row in test) (row[0], row[3], row[5], row[11], row[12]) = (0.4f, 0.2f, 0.1f, 0.3f, 0.5f);
        var logOdds = LogOdds(Training.Select(Spread).ToArray(), test, [1, 1, 1, 1, 1]);

        // nb13.predict_log_proba(test13)[:, 1] - [:, 0]
        Assert.Equal(-0.010742025687250134, logOdds[0], 5);
        Assert.Equal(-0.8926372325560425, logOdds[1], 5);
        Assert.Equal(-0.3976477158864764, logOdds[2], 5);
    }

    [Fact]
    public void Unigram_tf_idf_without_stop_words_matches_scikit_learn_TfidfVectorizer_with_the_english_list()
    {
        var space = TextFeatureSpace.Fit(
        [
            new RankingRecord(ScreeningSimulation.IdOf(0), "exosomes mesenchymal cells mice", null),
            new RankingRecord(ScreeningSimulation.IdOf(1), "hospital costs stroke care", null),
            new RankingRecord(ScreeningSimulation.IdOf(2), "exosomes memory mice mice", null),
        ], new TextFeatureOptions { NgramLength = 1, RemoveStopWords = true, KeepNumbers = false, SublinearTf = false });

        double[][] expected =
        [
            [0.4280460351, 0.4280460351, 0.5628290965, 0.5628290965],
            [0.5, 0.5, 0.5, 0.5],
            [0.3855029216, 0.5068900148, 0.7710058432],
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            var weights = space.VectorOf(ScreeningSimulation.IdOf(i)).GetValues().ToArray().Where(v => v > 0).Order().ToArray();
            Assert.Equal(expected[i].Length, weights.Length);
            for (var k = 0; k < weights.Length; k++) Assert.Equal(expected[i][k], weights[k], 5);
        }
    }

    // naive_bayes_reference.py section 3: CountVectorizer(ngram_range=(1, 2)) + TfidfTransformer(sublinear_tf=…),
    // ASReview 0.9.3's vectoriser (no stop-word list), scikit-learn 1.2.1.
    [Theory]
    [InlineData(false, new[] { 0.195959404, 0.2523334114, 0.2523334114, 0.2523334114, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123 },
        new[] { 0.1884806201, 0.2427031155, 0.2427031155, 0.3191254305, 0.3191254305, 0.3191254305, 0.3191254305, 0.3191254305, 0.3191254305, 0.485406231 })]
    [InlineData(true, new[] { 0.195959404, 0.2523334114, 0.2523334114, 0.2523334114, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123, 0.3317881123 },
        new[] { 0.1951051074, 0.251233349, 0.251233349, 0.3303416625, 0.3303416625, 0.3303416625, 0.3303416625, 0.3303416625, 0.3303416625, 0.4253750366 })]
    public void Bigram_tf_idf_without_stop_words_matches_ASReview_0_9_3s_vectoriser(bool sublinearTf, double[] row0, double[] row2)
    {
        var space = TextFeatureSpace.Fit(
        [
            new RankingRecord(ScreeningSimulation.IdOf(0), "exosomes from stem cells in mice", null),
            new RankingRecord(ScreeningSimulation.IdOf(1), "costs of stroke care in hospital", null),
            new RankingRecord(ScreeningSimulation.IdOf(2), "exosomes and memory in mice mice", null),
        ], new TextFeatureOptions { NgramLength = 2, RemoveStopWords = false, KeepNumbers = true, SublinearTf = sublinearTf });

        foreach (var (i, expected) in new[] { (0, row0), (2, row2) })
        {
            var weights = space.VectorOf(ScreeningSimulation.IdOf(i)).GetValues().ToArray().Where(v => v > 0).Order().ToArray();
            Assert.Equal(expected.Length, weights.Length);
            for (var k = 0; k < weights.Length; k++) Assert.Equal(expected[k], weights[k], 5);
        }
    }

    [Fact]
    public void Double_balance_keeps_the_training_size_and_weights_the_few_includes_up()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 2).ToList();

        var counts = DoubleBalance.Multiplicities(labels, new Random(7));

        // ones: 2.155 · (2/98)^−0.94 = 83.62 each; zeros: 1 − 0.211 · (1 + ln 100)^−1 = 0.96235 each;
        // includes to train = 83.62 · 2 · 100 / (83.62 · 2 + 0.96235 · 98) = 63.94 → 63 or 64.
        Assert.Equal(100, counts.Sum());
        Assert.InRange(counts[0] + counts[1], 63, 64);
        Assert.InRange(Math.Abs(counts[0] - counts[1]), 0, 1);
        Assert.All(counts.Skip(2), c => Assert.InRange(c, 0, 1));
    }

    [Fact]
    public void With_one_class_only_every_record_counts_once()
    {
        Assert.Equal([1, 1, 1], DoubleBalance.Multiplicities([false, false, false], new Random(1)));
    }

    [Fact]
    public void A_model_on_weights_another_model_returned_scores_as_the_first_one_trained_on_the_same_labels()
    {
        var space = TextFeatureSpace.Fit(Enumerable.Range(0, 8).Select(i => new RankingRecord(
            ScreeningSimulation.IdOf(i), i % 2 == 0 ? $"exosomes mice memory study {i}" : $"hospital costs stroke care {i}", null)));
        var ids = Enumerable.Range(0, 8).Select(ScreeningSimulation.IdOf).ToList();
        (Guid, bool)[] labels = [(ids[0], true), (ids[1], false), (ids[3], false)];
        (Guid, bool)[] otherLabels = [(ids[1], true), (ids[2], false), (ids[4], false), (ids[6], false)];
        var first = NaiveBayesClassifier.Train(space, labels, RankingOptions.Default)!;
        var expected = first.Scores(ids);
        first.Dispose();

        // The other model writes other weights into the buffer the first returned; a model renting
        // it next must not see any of them.
        using (var other = NaiveBayesClassifier.Train(space, otherLabels, RankingOptions.Default)!) Assert.NotEqual(expected, other.Scores(ids));
        using var again = NaiveBayesClassifier.Train(space, labels, RankingOptions.Default)!;

        Assert.Equal(expected, again.Scores(ids));
        Assert.Throws<ObjectDisposedException>(() => first.Scores(ids));
    }

    private static double[] LogOdds(int[] multiplicity) => LogOdds(Training, Test, multiplicity);

    private static double[] LogOdds(float[][] training, float[][] test, int[] multiplicity)
    {
        var vectors = training.Select(Dense).ToList();
        var (wordLogOdds, prior) = NaiveBayesClassifier.Fit(vectors, Included, multiplicity, training[0].Length, NaiveBayesClassifier.DefaultAlpha);
        return test.Select(x => prior + x.Select((v, i) => v * wordLogOdds[i]).Sum()).ToArray();
    }

    private static VBuffer<float> Dense(float[] values) => new(values.Length, values);
}
