using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// TF-IDF vectors (ML.NET FeaturizeText: lower case, English stop words removed, word unigrams,
/// IDF over the whole corpus, L2-normalised) over title, abstract and MeSH terms. Fitting the
/// vocabulary and IDF on every record, labelled or not, is what ASReview does too; it needs no
/// labels, so a service can keep one space per project and refit only when records arrive.
/// </summary>
public sealed class TextFeatureSpace
{
    private readonly Dictionary<Guid, VBuffer<float>> vectors;

    private TextFeatureSpace(MLContext context, Dictionary<Guid, VBuffer<float>> vectors, int dimension)
    {
        Context = context;
        this.vectors = vectors;
        Dimension = dimension;
    }

    internal MLContext Context { get; }

    public int Dimension { get; }

    public int Count => vectors.Count;

    public bool Contains(Guid itemId) => vectors.ContainsKey(itemId);

    internal VBuffer<float> VectorOf(Guid itemId) => vectors[itemId];

    public static TextFeatureSpace Fit(IEnumerable<RankingRecord> corpus, int seed = 0)
    {
        var records = corpus.DistinctBy(r => r.ItemId).ToList();
        var context = new MLContext(seed);
        var rows = context.Data.LoadFromEnumerable(records.Select(r => new TextRow
        {
            Title = r.Title ?? string.Empty,
            Abstract = r.Abstract ?? string.Empty,
            Mesh = r.MeshTerms is null ? string.Empty : string.Join(' ', r.MeshTerms),
        }));

        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.Lower,
            KeepDiacritics = false,
            KeepPunctuations = false,
            KeepNumbers = false,
            StopWordsRemoverOptions = new StopWordsRemovingEstimator.Options { Language = TextFeaturizingEstimator.Language.English },
            WordFeatureExtractor = new WordBagEstimator.Options
            {
                NgramLength = 1,
                UseAllLengths = true,
                Weighting = NgramExtractingEstimator.WeightingCriteria.TfIdf,
            },
            // Character n-grams multiply the dimension for little gain on abstracts.
            CharFeatureExtractor = null,
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var featurizer = context.Transforms.Text.FeaturizeText("Features", options, nameof(TextRow.Title), nameof(TextRow.Abstract), nameof(TextRow.Mesh));
        var transformed = featurizer.Fit(rows).Transform(rows);
        var column = transformed.Schema["Features"];
        var dimension = ((VectorDataViewType)column.Type).Size;
        var vectors = new Dictionary<Guid, VBuffer<float>>(records.Count);
        using (var cursor = transformed.GetRowCursor([column]))
        {
            var getter = cursor.GetGetter<VBuffer<float>>(column);
            var index = 0;
            VBuffer<float> value = default;
            while (cursor.MoveNext())
            {
                getter(ref value);
                var copy = default(VBuffer<float>);
                value.CopyTo(ref copy);
                vectors[records[index++].ItemId] = copy;
            }
        }

        return new TextFeatureSpace(context, vectors, dimension);
    }

    private sealed class TextRow
    {
        public string Title { get; set; } = string.Empty;

        public string Abstract { get; set; } = string.Empty;

        public string Mesh { get; set; } = string.Empty;
    }
}
