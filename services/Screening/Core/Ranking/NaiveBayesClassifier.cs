using System.Buffers;
using System.Runtime.Intrinsics;
using Microsoft.ML.Data;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// Multinomial naive Bayes on TF-IDF weights, as scikit-learn's MultinomialNB(alpha) fits it:
/// P(word | class) = (Σ weights of the word in the class + α) / (Σ all weights in the class + α·d),
/// class priors from the (resampled) class sizes. ASReview's default classifier, with α = 3.822 and
/// the double balance. ML.NET's NaiveBayes trainer is multiclass on binarised features and cannot
/// take TF-IDF weights, so this one is written here on ML.NET's feature vectors; the tests check it
/// against scikit-learn. Scores are the log-odds log P(include | x) − log P(exclude | x).
/// </summary>
public sealed class NaiveBayesClassifier : IRelevanceModel
{
    /// <summary>ASReview's default smoothing for naive Bayes on TF-IDF (asreview/models/nb.py at v0.9.3).</summary>
    public const double DefaultAlpha = 3.822;

    /// <summary>The smoothing of Ferdinands 2020's setting tuned on all six datasets (DoubleBalanceWeights.FerdinandsAllSix).</summary>
    public const double FerdinandsAllSixAlpha = 0.8267010267867003;

    private readonly TextFeatureSpace space;
    private readonly double priorLogOdds;

    /// <summary>Rented from the shared pool (a vocabulary long; a calibrated rerank trains six models) and returned by Dispose.</summary>
    private double[]? wordLogOdds;

    private NaiveBayesClassifier(TextFeatureSpace space, double[] wordLogOdds, double priorLogOdds, double logitShift)
    {
        this.space = space;
        this.wordLogOdds = wordLogOdds;
        this.priorLogOdds = priorLogOdds;
        LogitShift = logitShift;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref wordLogOdds, null) is { } rented) ArrayPool<double>.Shared.Return(rented);
    }

    public double LogitShift { get; }

    /// <returns>null unless the labels hold at least one include and one exclude.</returns>
    public static NaiveBayesClassifier? Train(TextFeatureSpace space, IReadOnlyCollection<(Guid ItemId, bool Included)> labels, RankingOptions options)
    {
        var list = labels.ToList();
        var positives = list.Count(l => l.Included);
        if (positives == 0 || positives == list.Count)
        {
            return null;
        }

        // Seeded by the options and the size of the labelled set: the same decisions resample alike,
        // in every process (HashCode.Combine is salted per process, so it is not used here).
        var resampleSeed = unchecked((options.Seed * 1_000_003) + list.Count);
        var multiplicity = options.Balance
            ? DoubleBalance.Multiplicities(list.Select(l => l.Included).ToList(), new Random(resampleSeed), options.BalanceWeights)
            : Enumerable.Repeat(1, list.Count).ToArray();
        var wordLogOdds = ArrayPool<double>.Shared.Rent(space.Dimension);
        var prior = FitInto(list.Select(l => space.VectorOf(l.ItemId)).ToList(), list.Select(l => l.Included).ToList(), multiplicity, space.Dimension, options.NaiveBayesAlpha, wordLogOdds);
        var trainedOnes = list.Select((l, i) => l.Included ? multiplicity[i] : 0).Sum();
        var trainedZeros = multiplicity.Sum() - trainedOnes;
        var shift = Math.Log((double)trainedOnes / trainedZeros) - Math.Log((double)positives / (list.Count - positives));
        return new NaiveBayesClassifier(space, wordLogOdds, prior, shift);
    }

    /// <summary>The fit on its own: per-word log-odds and the prior log-odds, given each vector's multiplicity.</summary>
    internal static (double[] WordLogOdds, double PriorLogOdds) Fit(IReadOnlyList<VBuffer<float>> vectors, IReadOnlyList<bool> included, IReadOnlyList<int> multiplicity, int dimension, double alpha)
    {
        var wordLogOdds = new double[dimension];
        return (wordLogOdds, FitInto(vectors, included, multiplicity, dimension, alpha, wordLogOdds));
    }

    /// <summary>Writes the per-word log-odds into the first <paramref name="dimension"/> places of <paramref name="logOdds"/>; returns the prior log-odds.</summary>
    private static double FitInto(IReadOnlyList<VBuffer<float>> vectors, IReadOnlyList<bool> included, IReadOnlyList<int> multiplicity, int dimension, double alpha, double[] logOdds)
    {
        // The per-class sums live only during the fit: rented, not allocated. Each is as long as the
        // vocabulary (about a million uni- and bigrams), and a calibrated rerank fits six times.
        var sums = new[] { ArrayPool<double>.Shared.Rent(dimension), ArrayPool<double>.Shared.Rent(dimension) };
        try
        {
            Array.Clear(sums[0], 0, dimension);
            Array.Clear(sums[1], 0, dimension);
            var classSizes = new double[2];
            for (var r = 0; r < vectors.Count; r++)
            {
                if (multiplicity[r] == 0) continue;
                var c = included[r] ? 1 : 0;
                classSizes[c] += multiplicity[r];
                // Read once per record: indexing the list and the buffer inside the loop, once per word,
                // was most of a fit's time (an interface call and a struct copy per nonzero weight).
                var vector = vectors[r];
                var values = vector.GetValues();
                var indices = vector.GetIndices();
                var dense = vector.IsDense;
                var sum = sums[c];
                double times = multiplicity[r];
                for (var k = 0; k < values.Length; k++)
                {
                    sum[dense ? k : indices[k]] += times * values[k];
                }
            }

            var totals = sums.Select(s => SumOfFirst(s, dimension) + (alpha * dimension)).ToArray();
            WordLogOdds(sums[1], sums[0], dimension, alpha, Math.Log(totals[0] / totals[1]), logOdds);

            return Math.Log(classSizes[1] / classSizes[0]);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(sums[0]);
            ArrayPool<double>.Shared.Return(sums[1]);
        }
    }

    /// <summary>
    /// log((s₁ + α)/t₁) − log((s₀ + α)/t₀) = log(s₁ + α) − log(s₀ + α) + log(t₀/t₁) for each word, four
    /// words at a time in one pass. This loop is most of a fit when many words are labelled (two
    /// logarithms for each of about a million uni- and bigrams), and the fit is the longest step of a
    /// rerank, one that holds a core from the requests (RerankPace). Words no labelled record has (most
    /// of a bigram vocabulary early in a review, when the simulation retrains per record) get
    /// log(t₀/t₁) without a logarithm, four at a time as one at a time before.
    /// </summary>
    private static void WordLogOdds(double[] included, double[] excluded, int dimension, double alpha, double unseen, double[] logOdds)
    {
        var i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var smoothing = Vector256.Create(alpha);
            var shift = Vector256.Create(unseen);
            for (; i <= dimension - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var ones = Vector256.LoadUnsafe(ref included[0], (nuint)i);
                var zeros = Vector256.LoadUnsafe(ref excluded[0], (nuint)i);
                // The sums are weights times counts, never negative: a zero total means neither class has the word.
                var odds = Vector256.EqualsAll(ones + zeros, Vector256<double>.Zero)
                    ? shift
                    : Vector256.Log(ones + smoothing) - Vector256.Log(zeros + smoothing) + shift;
                odds.StoreUnsafe(ref logOdds[0], (nuint)i);
            }
        }

        for (; i < dimension; i++)
        {
            logOdds[i] = included[i] == 0 && excluded[i] == 0 ? unseen : Math.Log(included[i] + alpha) - Math.Log(excluded[i] + alpha) + unseen;
        }
    }

    /// <summary>In index order, as Enumerable.Sum adds doubles: the same totals to the last bit as before the arrays were rented (longer than asked).</summary>
    private static double SumOfFirst(double[] values, int count)
    {
        var sum = 0.0;
        for (var i = 0; i < count; i++) sum += values[i];
        return sum;
    }

    public float[] Scores(IReadOnlyList<Guid> itemIds)
    {
        var scores = new float[itemIds.Count];
        for (var r = 0; r < itemIds.Count; r++)
        {
            scores[r] = (float)Score(space.VectorOf(itemIds[r]));
        }

        return scores;
    }

    private double Score(VBuffer<float> vector)
    {
        var wordLogOdds = this.wordLogOdds ?? throw new ObjectDisposedException(nameof(NaiveBayesClassifier));
        var values = vector.GetValues();
        var indices = vector.GetIndices();
        var score = priorLogOdds;
        for (var k = 0; k < values.Length; k++)
        {
            score += values[k] * wordLogOdds[vector.IsDense ? k : indices[k]];
        }

        return score;
    }
}
