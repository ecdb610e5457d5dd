namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// An event waiting in the store to be published; written in the same commit as the change that
/// caused it. TraceParent is the W3C trace context of that change, so the publish (and every
/// consumer after it) joins the trace of the user action even though a background dispatcher sends it.
/// </summary>
public sealed record OutboxMessage(Guid MessageId, string MessageType, string Json, DateTimeOffset CreatedAt, int Attempts, string? TraceParent = null);
