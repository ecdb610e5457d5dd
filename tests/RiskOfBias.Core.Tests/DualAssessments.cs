using EvSysReview.RiskOfBias.Core.Consensus;

namespace EvSysReview.RiskOfBias.Core.Tests;

internal static class DualAssessments
{
    public static readonly string AliceAnswers = Sheets.Rob2AllLow;
    // Bob: 1.3 PY (D1 some concerns, row D1.R4) and 5.1 NI (D5 some concerns, D5.R3).
    public static readonly string BobAnswers = Sheets.Rob2AllLow.Replace("1.3=N", "1.3=PY").Replace("5.1=Y", "5.1=NI");

    public static DualAssessment Started(string studyId = "study-17") => DualAssessment.Start(Sheets.Rob2, studyId, "alice", "bob");

    public static DualAssessment BothSubmitted(string studyId = "study-17") => Started(studyId)
        .UpdateSheet("alice", s => Sheets.Fill(Sheets.Rob2, AliceAnswers, s))
        .UpdateSheet("bob", s => Sheets.Fill(Sheets.Rob2, BobAnswers, s))
        .Submit(Sheets.Rob2, "alice")
        .Submit(Sheets.Rob2, "bob");
}
