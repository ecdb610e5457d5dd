namespace EvSysReview.Extraction.Core.Lifecycle;

/// <summary>The protocol's choice of how a study is extracted.</summary>
public enum ExtractionMode
{
    /// <summary>Two extractors enter data independently; differences are resolved in consensus.</summary>
    DualIndependent,

    /// <summary>One extractor enters data; a second person verifies (and corrects) it.</summary>
    SingleWithVerification,
}
