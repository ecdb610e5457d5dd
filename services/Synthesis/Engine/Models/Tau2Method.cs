namespace EvSysReview.Synthesis.Engine.Models;

/// <summary>How the between-study variance τ² is estimated; names as in rma(method=...).</summary>
public enum Tau2Method
{
    /// <summary>Fixed (common) effect, inverse-variance weights, τ² = 0.</summary>
    FE,
    /// <summary>DerSimonian–Laird.</summary>
    DL,
    /// <summary>Hedges (method of moments on unweighted residuals).</summary>
    HE,
    /// <summary>Sidik–Jonkman.</summary>
    SJ,
    /// <summary>Paule–Mandel (generalised Q equals its expectation).</summary>
    PM,
    /// <summary>Maximum likelihood (Fisher scoring).</summary>
    ML,
    /// <summary>Restricted maximum likelihood (Fisher scoring), metafor's default.</summary>
    REML,
    /// <summary>Empirical Bayes (Morris), iterated; same root as PM.</summary>
    EB,
}
