using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// L2-regularised logistic regression (ML.NET L-BFGS) on TF-IDF vectors of the final decisions.
/// Includes are rare, so each class gets the same total weight while training. Scores are the
/// raw logits of that weighted fit: good for ordering, not probabilities (see RelevanceCalibration).
/// </summary>
public sealed class RelevanceClassifier : IRelevanceModel
{
    private readonly TextFeatureSpace space;
    private readonly ITransformer model;
    private readonly double logitShift;

    private RelevanceClassifier(TextFeatureSpace space, ITransformer model, double logitShift)
    {
        this.space = space;
        this.model = model;
        this.logitShift = logitShift;
    }

    /// <returns>null unless the labels hold at least one include and one exclude.</returns>
    public static RelevanceClassifier? Train(TextFeatureSpace space, IReadOnlyCollection<(Guid ItemId, bool Included)> labels, RankingOptions options)
    {
        var positives = labels.Count(l => l.Included);
        var negatives = labels.Count - positives;
        if (positives == 0 || negatives == 0)
        {
            return null;
        }

        var positiveWeight = (float)negatives / positives;
        var rows = labels.Select(l => new TrainingRow { Features = space.VectorOf(l.ItemId), Label = l.Included, Weight = l.Included ? positiveWeight : 1f });
        var data = space.Context.Data.LoadFromEnumerable(rows, VectorSchema<TrainingRow>(space.Dimension));
        var trainer = space.Context.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(TrainingRow.Label),
            FeatureColumnName = nameof(TrainingRow.Features),
            ExampleWeightColumnName = nameof(TrainingRow.Weight),
            L2Regularization = options.L2Regularization,
            L1Regularization = 0,
            OptimizationTolerance = 1e-4f,
            // The two-loop recursion costs history × dimension per step; with ~10⁶ uni+bigram
            // features a short history is what keeps a retrain well under a second.
            HistorySize = 5,
            // One thread: the service shares its cores, and the result must not depend on scheduling.
            NumberOfThreads = 1,
        });
        return new RelevanceClassifier(space, trainer.Fit(data), Math.Log(positiveWeight));
    }

    /// <summary>
    /// The prior-shift correction for case weights: subtracting log(w₊/w₋) from the weighted
    /// logit gives P(relevant) at the labelled set's prevalence, if the model were well specified.
    /// </summary>
    public double LogitShift => logitShift;

    /// <summary>Nothing rented: ML.NET's model is an ordinary object.</summary>
    public void Dispose()
    {
    }

    /// <summary>Raw logits w·x + b, in the order of itemIds; higher means more likely relevant.</summary>
    public float[] Scores(IReadOnlyList<Guid> itemIds)
    {
        var rows = itemIds.Select(id => new ScoringRow { Features = space.VectorOf(id) });
        var data = space.Context.Data.LoadFromEnumerable(rows, VectorSchema<ScoringRow>(space.Dimension));
        return model.Transform(data).GetColumn<float>("Score").ToArray();
    }

    private static SchemaDefinition VectorSchema<T>(int dimension)
    {
        var schema = SchemaDefinition.Create(typeof(T));
        schema[nameof(ScoringRow.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, dimension);
        return schema;
    }

    private sealed class TrainingRow
    {
        public VBuffer<float> Features { get; set; }

        public bool Label { get; set; }

        public float Weight { get; set; }
    }

    private sealed class ScoringRow
    {
        public VBuffer<float> Features { get; set; }
    }
}
