namespace EvSysReview.Screening.Core.Ranking;

/// <summary>
/// How TextFeatureSpace tokenises and weights. The default is ASReview 0.9.3's vectoriser as the
/// Ferdinands 2020 simulations used it (word unigrams and bigrams, no stop-word list, numbers kept)
/// plus sublinear tf. Over the four Ferdinands sets, 5 seeds each (docs/screening.md): dropping
/// stop words with bigrams cost 3.6 WSS@95 points on average; unigrams alone 3.3; sublinear tf
/// gained 1.1 (Nudging +5.9, Ace −2.7).
/// </summary>
public sealed record TextFeatureOptions
{
    /// <summary>1 = word unigrams; 2 adds bigrams (ASReview 0.9.3's tfidf ngram_max).</summary>
    public int NgramLength { get; init; } = 2;

    /// <summary>
    /// Drop English stop words. ASReview 0.9.3, which the published figures used, did not
    /// (CountVectorizer with its defaults, asreview/feature_extraction/tfidf.py); later versions do.
    /// </summary>
    public bool RemoveStopWords { get; init; }

    /// <summary>Keep number tokens (scikit-learn's token pattern keeps them; ML.NET drops them unless asked).</summary>
    public bool KeepNumbers { get; init; } = true;

    /// <summary>1 + ln(tf) instead of raw counts (scikit-learn's sublinear_tf).</summary>
    public bool SublinearTf { get; init; } = true;

    public static TextFeatureOptions Default { get; } = new();
}
