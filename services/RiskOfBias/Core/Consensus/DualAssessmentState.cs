namespace EvSysReview.RiskOfBias.Core.Consensus;

/// <summary>
/// open → both submitted → consensus → finalised; reopening a finalised assessment returns it to
/// consensus (the assessors' own sheets stay as submitted).
/// </summary>
public enum DualAssessmentState
{
    Open,
    BothSubmitted,
    Consensus,
    Finalised,
}
