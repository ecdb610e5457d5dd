using EvSysReview.ServiceDefaults;

namespace EvSysReview.Synthesis.Versions;

/// <summary>Wakes the recomputation worker when a consumer changed a project's inputs, so it need not wait for the next poll.</summary>
public sealed class RecomputeSignal : WakeSignal;
