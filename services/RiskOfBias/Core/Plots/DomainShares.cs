namespace EvSysReview.RiskOfBias.Core.Plots;

/// <summary>
/// For one domain (or "overall"): the percentage of judged studies — or of their total weight —
/// at each judgement, in scale order. Studies without a judgement for the domain are left out and
/// counted in <see cref="NotJudged"/>.
/// </summary>
public sealed record DomainShares(string DomainId, string Label, IReadOnlyList<JudgementShare> Shares, int Judged, int NotJudged);

public sealed record JudgementShare(string Judgement, double Percent, int Studies);
