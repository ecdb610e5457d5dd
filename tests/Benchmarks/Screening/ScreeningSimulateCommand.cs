using System.Diagnostics;
using System.Globalization;
using EvSysReview.Screening.Core.Ranking;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// `screening-simulate [--seeds N] [--retrain-every N] [--model nb|lr] [--alpha X] [--no-balance]
/// [--balance A,ALPHA,B] [--ngrams N] [--keep-stop-words|--remove-stop-words] [--keep-numbers|--drop-numbers]
/// [--sublinear-tf|--raw-tf] [--l2 X]
/// [--asreview one|n|n-1] [dataset…]`: active learning beside random order beside ASReview's
/// published NB/LR + TF-IDF figures. Without options it runs what the service uses
/// (RankingOptions.Default, TextFeatureOptions.Default) by the published procedure (1 prior include
/// + 1 prior exclude, retrain after every decision); `--asreview` applies the thesis' hyperparameters
/// per dataset (AsreviewThesisSettings). Without datasets it runs the four Ferdinands 2020 sets.
/// </summary>
public sealed class ScreeningSimulateCommand : ISideBySideCommand
{
    public string Name => "screening-simulate";

    public int Run(string[] args)
    {
        var seeds = 5;
        var retrainEvery = 1;
        var ranking = RankingOptions.Default;
        var features = TextFeatureOptions.Default;
        string? thesisSet = null;
        var datasets = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--seeds": seeds = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--retrain-every": retrainEvery = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--model": ranking = ranking with { Model = args[++i] == "lr" ? RelevanceModelKind.LogisticRegression : RelevanceModelKind.NaiveBayes }; break;
                case "--alpha": ranking = ranking with { NaiveBayesAlpha = double.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--balance":
                    var w = args[++i].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
                    ranking = ranking with { BalanceWeights = new DoubleBalanceWeights(w[0], w[1], w[2]) };
                    break;
                case "--ngrams": features = features with { NgramLength = int.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--keep-stop-words": features = features with { RemoveStopWords = false }; break;
                case "--keep-numbers": features = features with { KeepNumbers = true }; break;
                case "--sublinear-tf": features = features with { SublinearTf = true }; break;
                case "--remove-stop-words": features = features with { RemoveStopWords = true }; break;
                case "--drop-numbers": features = features with { KeepNumbers = false }; break;
                case "--raw-tf": features = features with { SublinearTf = false }; break;
                case "--no-balance": ranking = ranking with { Balance = false }; break;
                case "--l2": ranking = ranking with { L2Regularization = float.Parse(args[++i], CultureInfo.InvariantCulture) }; break;
                case "--asreview": thesisSet = args[++i]; break;
                default: datasets.Add(args[i]); break;
            }
        }

        if (datasets.Count == 0)
        {
            datasets.AddRange(ScreeningDatasets.Ferdinands);
        }

        Console.WriteLine(thesisSet is null
            ? $"Active learning: TF-IDF {Describe(features)} + {Describe(ranking)},"
            : $"Active learning: ASReview thesis hyperparameters '{thesisSet}' per dataset (NB + double balance, TF-IDF without stop-word list, numbers kept),");
        Console.WriteLine($"1 prior include + 1 prior exclude per seed, retrain every {retrainEvery} decisions, seeds 1..{seeds}. Figures in %, priors not counted.");
        Console.WriteLine("WSS@95 as published = ASReview 0.9.3's formula on the recall curve averaged over the seeds (how Ferdinands 2020 computed theirs);");
        Console.WriteLine("ASReview per seed / Cohen per seed = mean (SD) over seeds of ASReview's formula and of Cohen's (N − n95)/N − 0.05. RRF@10 by ASReview's formula, recall@25% = share found in the first 25%.");
        Console.WriteLine();
        Console.WriteLine("| dataset | records / incl. | order | WSS@95 as published | WSS@95 ASReview per seed | WSS@95 Cohen per seed | RRF@10 | recall@25% | ASReview NB WSS@95 / RRF@10 (published) | time per run |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var dataset in datasets)
        {
            var path = ScreeningDatasets.PathOf(dataset);
            var stem = ScreeningDatasets.StemOf(path);
            var records = ScreeningDatasets.Read(path);
            var (datasetRanking, datasetFeatures, note) = (ranking, features, "");
            if (thesisSet is not null)
            {
                var setting = AsreviewThesisSettings.For(thesisSet, stem);
                if (setting is null)
                {
                    Console.WriteLine($"| {stem} | no '{thesisSet}' setting for this dataset |");
                    continue;
                }

                (datasetRanking, datasetFeatures) = AsreviewThesisSettings.Apply(setting, ranking);
                note = $" ({setting.Source}{(setting.SplitTitleAbstract ? "; split_ta not reproduced" : "")}{(setting.UseKeywords ? "; no keywords here" : "")})";
            }

            var clock = Stopwatch.StartNew();
            var space = TextFeatureSpace.Fit(records.Select((r, i) => new RankingRecord(ScreeningSimulation.IdOf(i), r.Title, r.Abstract)), datasetFeatures);
            var fitTime = clock.Elapsed;
            var published = PublishedAsreviewFigures.For(stem);
            var size = $"{records.Count} / {records.Count(r => r.Included)}";
            foreach (var order in new[] { SimulationOrder.ActiveLearning, SimulationOrder.Random })
            {
                clock.Restart();
                var runs = Enumerable.Range(1, seeds)
                    .Select(seed => ScreeningSimulation.Run(records, new SimulationOptions { Seed = seed, Order = order, RetrainEvery = retrainEvery, Ranking = datasetRanking, Features = datasetFeatures }, space))
                    .ToList();
                var perRun = (clock.Elapsed + (order == SimulationOrder.ActiveLearning ? fitTime : TimeSpan.Zero)) / seeds;
                var reference = order == SimulationOrder.ActiveLearning && published is not null ? $"{published.NbWss95:0.0} / {published.NbRrf10:0.0}" : "";
                var asPublished = 100 * ScreeningMetrics.AsreviewWssOfMeanCurve(runs.Select(r => r.LabelsInOrder).ToList(), 0.95);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {stem}{(order == SimulationOrder.ActiveLearning ? note : "")} | {size} | {(order == SimulationOrder.ActiveLearning ? "active learning" : "random")} | **{asPublished:0.0}** | {Summary(runs.Select(r => r.AsreviewWss95))} | {Summary(runs.Select(r => r.Wss95))} | {Summary(runs.Select(r => r.AsreviewRrf10))} | {Summary(runs.Select(r => r.RecallAfter25))} | {reference} | {perRun.TotalSeconds:0.0} s |"));
            }
        }

        return 0;
    }

    private static string Describe(TextFeatureOptions f) =>
        $"{(f.NgramLength == 1 ? "unigrams" : $"1..{f.NgramLength}-grams")}{(f.RemoveStopWords ? ", English stop words removed" : ", stop words kept")}{(f.KeepNumbers ? ", numbers kept" : "")}{(f.SublinearTf ? ", sublinear tf" : "")}, smooth idf, l2 (title+abstract)";

    private static string Describe(RankingOptions r) =>
        r.Model == RelevanceModelKind.NaiveBayes
            ? string.Create(CultureInfo.InvariantCulture, $"multinomial naive Bayes (alpha={r.NaiveBayesAlpha}, {(r.Balance ? $"double balance a={r.BalanceWeights.A}, alpha={r.BalanceWeights.Alpha}, b={r.BalanceWeights.B}" : "no resampling")})")
            : string.Create(CultureInfo.InvariantCulture, $"logistic regression (ML.NET L-BFGS, L2={r.L2Regularization}, balanced class weights)");

    private static string Summary(IEnumerable<double> values)
    {
        var list = values.Select(v => v * 100).ToList();
        var mean = list.Average();
        var sd = list.Count > 1 ? Math.Sqrt(list.Sum(v => (v - mean) * (v - mean)) / (list.Count - 1)) : 0;
        return string.Create(CultureInfo.InvariantCulture, $"{mean:0.0} ({sd:0.0})");
    }
}
