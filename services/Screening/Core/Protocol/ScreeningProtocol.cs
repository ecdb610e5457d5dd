namespace EvSysReview.Screening.Core.Protocol;

/// <summary>
/// The screening part of a review protocol: what the rules in this library need to know.
/// The service builds it from ProtocolPublished; nothing here reads storage.
/// </summary>
public sealed record ScreeningProtocol
{
    /// <summary>The exclusion reason applied to retracted citations; always accepted.</summary>
    public const string RetractedReason = "retracted";

    /// <summary>Whether title/abstract inclusions go on to a full-text stage.</summary>
    public bool FullTextEnabled { get; init; } = true;

    /// <summary>1 = single-reviewer screening, 2 = dual (blinded) screening.</summary>
    public int ReviewersPerItem { get; init; } = 2;

    /// <summary>
    /// Blinded screening (the default): while an item is not final nobody sees another reviewer's
    /// decision on it (adjudicators see both sides of a conflict). Off: every member sees every decision.
    /// </summary>
    public bool Blinded { get; init; } = true;

    /// <summary>Reasons shown to reviewers as buttons; an exclusion reason must be one of them.</summary>
    public IReadOnlyList<string> ExclusionReasons { get; init; } = [];

    public IReadOnlyList<string> IncludeTerms { get; init; } = [];

    public IReadOnlyList<string> ExcludeTerms { get; init; } = [];

    /// <summary>How long an item served by `next` stays reserved for the reviewer reading it.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Off (null) unless a lead turns it on: open title/abstract items whose calibrated
    /// probability of relevance falls below this are marked "ineligible by automation".
    /// </summary>
    public double? AutomationThreshold { get; init; }

    public bool IsKnownExclusionReason(string reason) =>
        string.Equals(reason, RetractedReason, StringComparison.OrdinalIgnoreCase)
        || ExclusionReasons.Any(r => string.Equals(r, reason, StringComparison.OrdinalIgnoreCase));

    /// <summary>The MSC-EV template shipped with the system (msc-ev-protocol.md).</summary>
    public static ScreeningProtocol MscEvTemplate { get; } = new()
    {
        FullTextEnabled = true,
        ReviewersPerItem = 2,
        ExclusionReasons =
        [
            "not MSC-derived EVs", "in vitro only", "no control group",
            "not a neurodegenerative/CNS injury model", "review / editorial / conference abstract",
            "duplicate publication", RetractedReason,
        ],
        IncludeTerms = ["exosome*", "extracellular vesicle*", "MSC*", "mesenchymal", "mice", "rats", "Alzheimer*", "Parkinson*", "intranasal*"],
        ExcludeTerms = ["review", "in vitro", "cell line only", "tumour*", "cancer*"],
    };
}
