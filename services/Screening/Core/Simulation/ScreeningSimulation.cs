using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Core.Simulation;

/// <summary>
/// Replays a labelled dataset as ASReview's simulations do: one prior include and one prior
/// exclude drawn at random per trial (asreview v0.9.3 init_sampling.sample_prior_knowledge;
/// n_prior_included = n_prior_excluded = 1 in the asreview-thesis configs), then the classifier is
/// retrained every RetrainEvery decisions (1 there: n_instances = 1) and the reviewer screens the
/// highest-scored record (query strategy "max"), the label coming from the dataset.
/// </summary>
public static class ScreeningSimulation
{
    /// <param name="space">TF-IDF over the same records (ids = position in records); fitted here if null.</param>
    public static SimulationRun Run(IReadOnlyList<LabelledCitation> records, SimulationOptions options, TextFeatureSpace? space = null)
    {
        var random = new Random(options.Seed);
        var includes = Enumerable.Range(0, records.Count).Where(i => records[i].Included).ToList();
        var excludes = Enumerable.Range(0, records.Count).Where(i => !records[i].Included).ToList();
        if (includes.Count < 2 || excludes.Count < 2)
        {
            throw new ArgumentException("A simulation needs at least two includes and two excludes.", nameof(records));
        }

        var priors = new[] { includes[random.Next(includes.Count)], excludes[random.Next(excludes.Count)] };
        var rest = Enumerable.Range(0, records.Count).Except(priors).ToList();
        if (options.Order == SimulationOrder.Random)
        {
            random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(rest));
            return new SimulationRun(options, rest.Select(i => records[i].Included).ToList(), 0);
        }

        space ??= TextFeatureSpace.Fit(records.Select((r, i) => new RankingRecord(IdOf(i), r.Title, r.Abstract)), options.Features);
        var labelled = priors.Select(i => (IdOf(i), records[i].Included)).ToList();
        var unlabelled = new HashSet<int>(rest);
        var order = new List<bool>(rest.Count);
        var inclusionsLeft = includes.Count - 1;
        var retrains = 0;

        // Once every inclusion is found the rest of the order cannot change WSS or recall,
        // so the remaining records are appended unranked instead of retraining to the end.
        while (unlabelled.Count > 0 && inclusionsLeft > 0)
        {
            var candidates = unlabelled.Order().ToList();
            using var classifier = RelevanceModels.Train(space, labelled, options.Ranking)!;
            retrains++;
            var scores = classifier.Scores(candidates.Select(IdOf).ToList());
            var batch = candidates
                .Select((index, k) => (index, score: scores[k]))
                .OrderByDescending(c => c.score)
                .Take(options.RetrainEvery)
                .Select(c => c.index);
            foreach (var index in batch)
            {
                unlabelled.Remove(index);
                labelled.Add((IdOf(index), records[index].Included));
                order.Add(records[index].Included);
                inclusionsLeft -= records[index].Included ? 1 : 0;
            }
        }

        order.AddRange(Enumerable.Repeat(false, unlabelled.Count));
        return new SimulationRun(options, order, retrains);
    }

    /// <summary>Simulation ids stand for a record's position in the dataset.</summary>
    public static Guid IdOf(int index) => new(index, 0, 0, new byte[8]);
}
