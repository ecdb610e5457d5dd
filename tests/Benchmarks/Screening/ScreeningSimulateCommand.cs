using System.Diagnostics;
using System.Globalization;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// `screening-simulate [--seeds N] [--retrain-every N] [--model nb|lr] [--alpha X] [--no-balance] [--ngrams N] [--keep-stop-words] [--l2 X] [dataset…]`: active learning beside
/// random order beside ASReview's published NB/LR + TF-IDF figures. Without datasets it runs the
/// four Ferdinands 2020 sets.
/// </summary>
public sealed class ScreeningSimulateCommand : ISideBySideCommand
{
    public string Name => "screening-simulate";

    public int Run(string[] args)
    {
        var seeds = 3;
        var retrainEvery = 1;
        var ranking = RankingOptions.Default;
        var datasets = new List<string>();
        var ngrams = 1;
        var stopWords = true;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--retrain-every": retrainEvery = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--model": ranking = ranking with { Model = args[++i] == "lr" ? RelevanceModelKind.LogisticRegression : RelevanceModelKind.NaiveBayes }; break;
                case "--alpha": ranking = ranking with { NaiveBayesAlpha = double.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--ngrams": ngrams = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--keep-stop-words": stopWords = false; break;
                case "--no-balance": ranking = ranking with { Balance = false }; break;
                case "--l2": ranking = ranking with { L2Regularization = float.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                default: datasets.Add(args[i]); break;
            }
        }

        if (datasets.Count == 0)
        {
            datasets.AddRange(ScreeningDatasets.Ferdinands);
        }

        var model = ranking.Model == RelevanceModelKind.NaiveBayes
            ? $"multinomial naive Bayes (alpha={ranking.NaiveBayesAlpha.ToString(CultureInfo.InvariantCulture)}, {(ranking.Balance ? "double balance" : "no resampling")})"
            : $"logistic regression (ML.NET L-BFGS, L2={ranking.L2Regularization.ToString(CultureInfo.InvariantCulture)}, balanced class weights)";
        Console.WriteLine($"Active learning: TF-IDF {(ngrams == 1 ? "unigrams" : $"1..{ngrams}-grams")}{(stopWords ? ", English stop words removed" : "")}, smooth idf, l2 (title+abstract) + {model},");
        Console.WriteLine($"1 prior include + 1 prior exclude per seed, retrain every {retrainEvery} decisions, seeds 1..{seeds}. Figures in %, mean (SD) over seeds; priors not counted.");
        Console.WriteLine();
        Console.WriteLine("| dataset | records / incl. | order | WSS@95 | RRF@10 | recall@25% | ASReview NB WSS@95 / RRF@10 | ASReview LR WSS@95 / RRF@10 | time per run |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var dataset in datasets)
        {
            var path = ScreeningDatasets.PathOf(dataset);
            var stem = ScreeningDatasets.StemOf(path);
            var records = ScreeningDatasets.Read(path);
            var clock = Stopwatch.StartNew();
            var space = TextFeatureSpace.Fit(records.Select((r, i) => new RankingRecord(ScreeningSimulation.IdOf(i), r.Title, r.Abstract)), ngramLength: ngrams, removeStopWords: stopWords);
            var fitTime = clock.Elapsed;
            var published = PublishedAsreviewFigures.For(stem);
            var size = $"{records.Count} / {records.Count(r => r.Included)}";
            foreach (var order in new[] { SimulationOrder.ActiveLearning, SimulationOrder.Random })
            {
                clock.Restart();
                var runs = Enumerable.Range(1, seeds)
                    .Select(seed => ScreeningSimulation.Run(records, new SimulationOptions { Seed = seed, Order = order, RetrainEvery = retrainEvery, Ranking = ranking }, space))
                    .ToList();
                var perRun = (clock.Elapsed + (order == SimulationOrder.ActiveLearning ? fitTime : TimeSpan.Zero)) / seeds;
                var reference = order == SimulationOrder.ActiveLearning && published is not null
                    ? ($"{published.NbWss95:0.0} / {published.NbRrf10:0.0}", $"{published.LrWss95:0.0} / {published.LrRrf10:0.0}")
                    : ("", "");
                Console.WriteLine($"| {stem} | {size} | {(order == SimulationOrder.ActiveLearning ? "active learning" : "random")} | {Summary(runs.Select(r => r.Wss95))} | {Summary(runs.Select(r => r.Rrf10))} | {Summary(runs.Select(r => r.RecallAfter25))} | {reference.Item1} | {reference.Item2} | {perRun.TotalSeconds:0.0} s |");
            }
        }

        return 0;
    }

    private static string Summary(IEnumerable<double> values)
    {
        var list = values.Select(v => v * 100).ToList();
        var mean = list.Average();
        var sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.0} ({sd:0.0})");
    }
}
