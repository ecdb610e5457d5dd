using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Tests;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

/// <summary>
/// What the extractors read in each included paper: Morris water maze escape latency at 28 days
/// (seconds, higher is worse), EVs against PBS, mean ± SD. The records are real PubMed records from
/// ../shared/testdata; the outcome numbers are invented for the test (the recorded articles are not
/// MSC-EV studies) and are the same numbers the metafor reference below was given.
/// </summary>
public sealed record IncludedStudy(string Pmid, string Label, double EvMean, double EvSd, int EvN, double PbsMean, double PbsSd, int PbsN)
{
    public const string Outcome = "mwmEscapeLatency";

    /// <summary>The path of the EV arm's SD in a dual-extraction comparison (the value the second extractor misreads).</summary>
    public const string EvSdPath = "outcomes[mwmEscapeLatency@28 d].arms[ev].sd";

    public static readonly IncludedStudy Olivero = new("12091962", "Olivero 1990", 35.0, 8.4, 10, 45.2, 9.8, 10);
    public static readonly IncludedStudy Strekas = new("9997", "Strekas 1976", 38.5, 10.2, 8, 52.0, 11.0, 8);
    public static readonly IncludedStudy Bao = new("27797938", "Bao 2017", 36.0, 8.0, 12, 40.1, 7.5, 12);

    /// <summary>Held back from PubMed until the alert's second run.</summary>
    public static readonly IncludedStudy Ling = new("17284678", "Ling 2007", 30.0, 9.0, 9, 48.0, 10.0, 9);

    /// <summary>Both reviewers include it at title/abstract; the other excludes it: the one conflict, resolved as exclude.</summary>
    public const string ConflictPmid = "28775130";

    /// <summary>The extraction core tests' complete MSC-EV entry (linked file) with this study's one comparison and numbers.</summary>
    public ExtractionEntry Entry(Guid studyId, double evSd) => SampleEntries.Complete() with
    {
        StudyId = studyId.ToString(),
        ExtractorId = null,
        Arms =
        [
            new() { Id = "pbs", Label = "PBS", Role = ArmRole.Control },
            new() { Id = "ev", Label = "MSC-EVs 100 µg", Role = ArmRole.Treatment },
        ],
        Comparisons = [new() { Id = "ev-vs-pbs", TreatmentArmId = "ev", ControlArmId = "pbs" }],
        Outcomes =
        [
            new()
            {
                Outcome = Outcome, Unit = "s", TimePoint = new Quantity(28, "d"), Source = DataSource.Text,
                Arms =
                [
                    new() { ArmId = "pbs", Reported = ReportedSummary.MeanSd, Mean = PbsMean, Sd = PbsSd, N = PbsN },
                    new() { ArmId = "ev", Reported = ReportedSummary.MeanSd, Mean = EvMean, Sd = evSd, N = EvN },
                ],
            },
        ],
    };
}
