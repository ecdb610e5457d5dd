using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>
/// The NB + TF-IDF hyperparameters of the Ferdinands 2020 simulations (GerbrichFerdinands/asreview-thesis
/// at commit 186beba091acb0aab0d094de4e37e0ded039f124, simulation_study/simulation/config/*/BCTD/*.ini;
/// hpoptimization/README.md explains the three sets). The published figures use "one": hyperparameters
/// optimised (hyperopt, ATD loss) on the very dataset they are then evaluated on. "n" was optimised on
/// all six sets at once, "n-1" on the five other sets: the last is the only out-of-sample one.
/// Not reproduced: split_ta (title and abstract vectorised apart, Ace's "one") and use_keywords (Ace and
/// Nudging "one"; the CSVs here have no keywords column).
/// </summary>
internal static class AsreviewThesisSettings
{
    public sealed record Setting(string Source, double NbAlpha, double BalanceA, double BalanceAlpha, double BalanceB, int NgramMax, bool SplitTitleAbstract, bool UseKeywords);

    // config/one/BCTD/nb_max_double_tfidf-{dataset}.ini
    private static readonly Dictionary<string, Setting> One = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ace"] = new("one/BCTD/nb_max_double_tfidf-ace.ini", 0.17584727645029802, 1249.910315374313, 0.7043792455091337, 0.9993171869006371, 2, true, true),
        ["nudging"] = new("one/BCTD/nb_max_double_tfidf-nudging.ini", 0.06586028856339346, 1.3783791240515941, 1.229374068496514, 0.9153629982662178, 3, false, true),
        ["virus"] = new("one/BCTD/nb_max_double_tfidf-virus.ini", 93.76980809067938, 0.8684983875900419, 1.091939072117553, 0.3565753584801575, 2, false, false),
        ["wilson"] = new("one/BCTD/nb_max_double_tfidf-wilson.ini", 0.030566525875036474, 1.155488046407053, 1.8497333161837746, 0.222013921717905, 2, false, false),
    };

    // config/n-1/BCTD/nb_max_double_tfidf-{the five other sets}.ini
    private static readonly Dictionary<string, Setting> LeaveOneOut = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ace"] = new("n-1/BCTD/nb_max_double_tfidf-ptsd_virus_software_wilson_nudging.ini", 2.5457781874494336, 1.014679931643282, 1.0954394317483518, 0.3289020286061439, 2, false, false),
        ["nudging"] = new("n-1/BCTD/nb_max_double_tfidf-ptsd_virus_ace_software_wilson.ini", 1.747991726289131, 0.9353897900498379, 1.2511777180171992, 0.36827218419198665, 2, false, false),
        ["virus"] = new("n-1/BCTD/nb_max_double_tfidf-ptsd_ace_software_wilson_nudging.ini", 0.5872449089152817, 0.8996195826619581, 1.3806569650404006, 0.31873387190838764, 2, false, false),
        ["wilson"] = new("n-1/BCTD/nb_max_double_tfidf-ptsd_virus_ace_software_nudging.ini", 1.9117143246819217, 0.8987609074738662, 1.2502277440439618, 0.5676109516839356, 2, false, false),
    };

    // hpoptimization/config/config/nb_max_double_tfidf-ptsd_virus_ace_software_wilson_nudging.ini (= config/n/BCTD/ of the same name)
    private static readonly Setting AllSix = new("n/BCTD/nb_max_double_tfidf-ptsd_virus_ace_software_wilson_nudging.ini", 0.8267010267867003, 0.7492527339524988, 1.376755934059147, 0.15013204593328155, 2, false, false);

    /// <param name="set">one, n or n-1.</param>
    public static Setting? For(string set, string datasetStem)
    {
        var key = datasetStem.Split('_')[^1];
        return set switch
        {
            "one" => One.GetValueOrDefault(key),
            "n-1" => LeaveOneOut.GetValueOrDefault(key),
            "n" => AllSix,
            _ => throw new ArgumentException($"Unknown ASReview thesis setting '{set}' (one, n, n-1).", nameof(set)),
        };
    }

    /// <summary>ASReview 0.9.3's TF-IDF: CountVectorizer(ngram_range=(1, ngram_max)) + TfidfTransformer, no stop-word list, numbers kept.</summary>
    public static (RankingOptions Ranking, TextFeatureOptions Features) Apply(Setting setting, RankingOptions ranking) =>
        (ranking with
        {
            Model = RelevanceModelKind.NaiveBayes,
            NaiveBayesAlpha = setting.NbAlpha,
            Balance = true,
            BalanceWeights = new DoubleBalanceWeights(setting.BalanceA, setting.BalanceAlpha, setting.BalanceB),
        },
        new TextFeatureOptions { NgramLength = setting.NgramMax, RemoveStopWords = false, KeepNumbers = true, SublinearTf = false });
}
