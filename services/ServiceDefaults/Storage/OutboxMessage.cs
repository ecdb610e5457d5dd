namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>An event waiting in the store to be published; written in the same commit as the change that caused it.</summary>
public sealed record OutboxMessage(Guid MessageId, string MessageType, string Json, DateTimeOffset CreatedAt, int Attempts);
