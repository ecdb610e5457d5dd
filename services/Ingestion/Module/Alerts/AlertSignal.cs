using EvSysReview.ServiceDefaults;

namespace EvSysReview.Ingestion.Alerts;

/// <summary>Wakes the poller when someone asks for a run now, instead of waiting for its next minute.</summary>
public sealed class AlertSignal : WakeSignal;
