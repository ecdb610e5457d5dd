using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// TF-IDF vectors (ML.NET FeaturizeText: lower case, English stop words removed, word unigrams and
/// bigrams (bigrams gained 2-3 points of WSS@95 on the Ferdinands sets; at most 250,000 bigrams, the
/// first met, which caps a 20k-record corpus near 3·10⁵ features and leaves 2k-record sets whole),
/// IDF over the whole corpus, L2-normalised) over title, abstract and MeSH terms. Fitting the
/// vocabulary and IDF on every record, labelled or not, is what ASReview does too; it needs no
/// labels, so a service can keep one space per project: WithRecords adds arriving records
/// under the fitted vocabulary and IDF (words it has never seen are dropped), and a periodic
/// refit brings new words in. Fitting is the slow part (see docs/screening.md); training is not.
/// </summary>
public sealed class TextFeatureSpace
{
    private readonly Dictionary<Guid, VBuffer<float>> vectors;
    private readonly ITransformer featurizer;

    private TextFeatureSpace(MLContext context, ITransformer featurizer, Dictionary<Guid, VBuffer<float>> vectors, int dimension)
    {
        Context = context;
        this.featurizer = featurizer;
        this.vectors = vectors;
        Dimension = dimension;
    }

    private const string FeaturesColumn = "Features";

    internal MLContext Context { get; }

    public int Dimension { get; }

    public int Count => vectors.Count;

    public bool Contains(Guid itemId) => vectors.ContainsKey(itemId);

    internal VBuffer<float> VectorOf(Guid itemId) => vectors[itemId];

    public static TextFeatureSpace Fit(IEnumerable<RankingRecord> corpus, int seed = 0)
    {
        var records = corpus.DistinctBy(r => r.ItemId).ToList();
        var context = new MLContext(seed);
        var rows = RowsOf(context, records);
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = 2,
                UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
                MaximumNgramsCount = [10_000_000, 250_000],
            },
            // Character n-grams multiply the dimension for little gain on abstracts.
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var featurizer = context.Transforms.Text.FeaturizeText(FeaturesColumn, options, nameof(TextRow.Title), nameof(TextRow.Abstract), nameof(TextRow.Mesh)).Fit(rows);
        var dimension = ((VectorDataViewType)featurizer.GetOutputSchema(rows.Schema)[FeaturesColumn].Type).Size;
        var space = new TextFeatureSpace(context, featurizer, new Dictionary<Guid, VBuffer<float>>(records.Count), dimension);
        space.Add(records, rows);
        return space;
    }

    /// <summary>A space that also holds these records, featurised with this space's vocabulary and IDF.</summary>
    public TextFeatureSpace WithRecords(IEnumerable<RankingRecord> records)
    {
        var added = records.Where(r => !vectors.ContainsKey(r.ItemId)).DistinctBy(r => r.ItemId).ToList();
        var space = new TextFeatureSpace(Context, featurizer, new Dictionary<Guid, VBuffer<float>>(vectors), Dimension);
        space.Add(added, RowsOf(Context, added));
        return space;
    }

    private void Add(IReadOnlyList<RankingRecord> records, IDataView rows)
    {
        var transformed = featurizer.Transform(rows);
        var column = transformed.Schema[FeaturesColumn];
        using var cursor = transformed.GetRowCursor([column]);
        var getter = cursor.GetGetter<VBuffer<float>>(column);
        var index = 0;
        VBuffer<float> value = default;
        while (cursor.MoveNext())
        {
            getter(ref value);
            // The cursor reuses its buffer; each record needs its own copy.
            var copy = default(VBuffer<float>);
            value.CopyTo(ref copy);
            vectors[records[index++].ItemId] = copy;
        }
    }

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
