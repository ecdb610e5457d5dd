using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// TF-IDF vectors as scikit-learn's TfidfVectorizer makes them with ASReview's settings (what its
/// published NB + TF-IDF figures used): word unigrams, English stop words removed, lower case, smooth
/// IDF = ln((1 + n) / (1 + df)) + 1, raw term counts (no sublinear tf), each vector L2-normalised;
/// over title, abstract and MeSH terms. ML.NET's FeaturizeText tokenises and counts (its own TF-IDF
/// uses an unsmoothed IDF, which drops every word found in all records, so the weighting is applied
/// here). Fitting the vocabulary and IDF on every record, labelled or not, is what ASReview does too;
/// it needs no labels, so a service keeps one space per project: WithRecords adds arriving records
/// under the fitted vocabulary and IDF (words it has never seen are dropped), and a refit now and
/// then brings new words in. Fitting is the slow part (see docs/screening.md); training is not.
/// </summary>
public sealed class TextFeatureSpace
{
    private readonly Dictionary<Guid, VBuffer<float>> vectors;
    private readonly ITransformer featurizer;
    private readonly float[] idf;
    private readonly bool sublinearTf;

    private TextFeatureSpace(MLContext context, ITransformer featurizer, Dictionary<Guid, VBuffer<float>> vectors, float[] idf, bool sublinearTf)
    {
        Context = context;
        this.sublinearTf = sublinearTf;
        this.featurizer = featurizer;
        this.vectors = vectors;
        this.idf = idf;
    }

    private const string FeaturesColumn = "Features";

    internal MLContext Context { get; }

    public int Dimension => idf.Length;

    public int Count => vectors.Count;

    public bool Contains(Guid itemId) => vectors.ContainsKey(itemId);

    internal VBuffer<float> VectorOf(Guid itemId) => vectors[itemId];

    public static TextFeatureSpace Fit(IEnumerable<RankingRecord> corpus, TextFeatureOptions? settings = null, int seed = 0)
    {
        settings ??= TextFeatureOptions.Default;
        var records = corpus.DistinctBy(r => r.ItemId).ToList();
        var context = new MLContext(seed);
        var rows = RowsOf(context, records);
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = settings.KeepNumbers,
            StopWordsRemoverOptions = settings.RemoveStopWords ? new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English } : null,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = settings.NgramLength, UseAllLengths = true, Weighting = NgramExtractingEstimator.WeightingCriteria.Tf },
            // Character n-grams multiply the dimension for little gain on abstracts.
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.None,
        };
        var featurizer = context.Transforms.Text.FeaturizeText(FeaturesColumn, options, nameof(TextRow.Title), nameof(TextRow.Abstract), nameof(TextRow.Mesh)).Fit(rows);
        var dimension = ((VectorDataViewType)featurizer.GetOutputSchema(rows.Schema)[FeaturesColumn].Type).Size;
        var counts = Counts(featurizer, rows);
        var documentFrequency = new int[dimension];
        foreach (var count in counts)
        {
            foreach (var index in Indices(count)) documentFrequency[index]++;
        }

        var idf = documentFrequency.Select(df => (float)(Math.Log((1.0 + records.Count) / (1.0 + df)) + 1.0)).ToArray();
        var space = new TextFeatureSpace(context, featurizer, new Dictionary<Guid, VBuffer<float>>(records.Count), idf, settings.SublinearTf);
        space.Add(records, counts);
        return space;
    }

    /// <summary>A space that also holds these records, featurised with this space's vocabulary and IDF.</summary>
    public TextFeatureSpace WithRecords(IEnumerable<RankingRecord> records)
    {
        var added = records.Where(r => !vectors.ContainsKey(r.ItemId)).DistinctBy(r => r.ItemId).ToList();
        var space = new TextFeatureSpace(Context, featurizer, new Dictionary<Guid, VBuffer<float>>(vectors), idf, sublinearTf);
        space.Add(added, Counts(featurizer, RowsOf(Context, added)));
        return space;
    }

    private void Add(IReadOnlyList<RankingRecord> records, IReadOnlyList<VBuffer<float>> counts)
    {
        for (var r = 0; r < records.Count; r++)
        {
            var indices = Indices(counts[r]).ToArray();
            var values = counts[r].GetValues().ToArray();
            double norm = 0;
            for (var k = 0; k < indices.Length; k++)
            {
                values[k] = (sublinearTf ? 1 + MathF.Log(values[k]) : values[k]) * idf[indices[k]];
                norm += values[k] * (double)values[k];
            }

            var scale = norm > 0 ? (float)(1 / Math.Sqrt(norm)) : 0f;
            for (var k = 0; k < values.Length; k++) values[k] *= scale;
            vectors[records[r].ItemId] = new VBuffer<float>(Dimension, indices.Length, values, indices);
        }
    }

    /// <summary>Term counts per record, in the order of the rows.</summary>
    private static List<VBuffer<float>> Counts(ITransformer featurizer, IDataView rows)
    {
        var transformed = featurizer.Transform(rows);
        var column = transformed.Schema[FeaturesColumn];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var counts = new List<VBuffer<float>>();
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            // The cursor reuses its buffer; each record needs its own sparse copy.
            var indices = new List<int>();
            var values = new List<float>();
            foreach (var (index, count) in value.Items())
            {
                if (count == 0) continue;
                indices.Add(index);
                values.Add(count);
            }

            counts.Add(new VBuffer<float>(value.Length, indices.Count, [.. values], [.. indices]));
        }

        return counts;
    }

    /// <summary>The feature indices a sparse vector stores, in the order of its values.</summary>
    internal static IEnumerable<int> Indices(VBuffer<float> vector) =>
        vector.IsDense ? Enumerable.Range(0, vector.Length) : vector.GetIndices().ToArray();

    private static IDataView RowsOf(MLContext context, IEnumerable<RankingRecord> records) =>
        context.Data.LoadFromEnumerable(records.Select(r => new TextRow
        {
            Title = r.Title ?? string.Empty,
            Abstract = r.Abstract ?? string.Empty,
            Mesh = r.MeshTerms is null ? string.Empty : string.Join(' ', r.MeshTerms),
        }).ToList());

    private sealed class TextRow
    {
        public string Title { get; set; } = string.Empty;

        public string Abstract { get; set; } = string.Empty;

        public string Mesh { get; set; } = string.Empty;
    }
}
