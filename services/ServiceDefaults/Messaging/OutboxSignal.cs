namespace EvSysReview.ServiceDefaults.Messaging;

/// <summary>Wakes the dispatcher right after a commit wrote to the outbox, so events do not wait for the next poll.</summary>
public sealed class OutboxSignal<TModule> : WakeSignal
    where TModule : IServiceModule;
