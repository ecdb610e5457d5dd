namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>The queue (name without the deployment's prefix) of a consumer this version no longer has, and the message type it took.</summary>
public sealed record RetiredQueue(string Name, string Message);
