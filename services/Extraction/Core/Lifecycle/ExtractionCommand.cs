namespace EvSysReview.Extraction.Core.Lifecycle;

/// <summary>Something a person (or the StudyWithdrawn consumer) asks of an extraction task.</summary>
public abstract record ExtractionCommand(string By);

public sealed record StartExtraction(string By) : ExtractionCommand(By);

public sealed record SubmitExtraction(string By) : ExtractionCommand(By);

public sealed record BeginConsensus(string By) : ExtractionCommand(By);

public sealed record FinaliseExtraction(string By) : ExtractionCommand(By);

public sealed record ReopenExtraction(string By, string Reason) : ExtractionCommand(By);

public sealed record WithdrawExtraction(string By, string Reason) : ExtractionCommand(By);

/// <summary>The study was included again after its exclusion (e.g. a retraction notice was withdrawn).</summary>
public sealed record ReinstateExtraction(string By, string Reason) : ExtractionCommand(By);
