namespace EvSysReview.Screening.Core.Agreement;

/// <summary>
/// Cohen's kappa for two raters over N items. Kappa, its standard error and the interval are
/// null when chance agreement is 1 (both raters used one and the same category throughout),
/// where kappa is undefined.
/// </summary>
public sealed record KappaEstimate(
    int N,
    double ObservedAgreement,
    double ChanceAgreement,
    double? Kappa,
    double? StandardError,
    double? Lower95,
    double? Upper95);
