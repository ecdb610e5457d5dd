using EvSysReview.Contracts.Reviews;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.ServiceDefaults.Security;

public sealed class MemberJoinedConsumer<TModule>(ModuleStore<TModule> store, OutboxSignal<TModule> signal)
    : IdempotentConsumer<TModule, MemberJoined>(store, signal)
    where TModule : IServiceModule
{
    protected override Task Apply(MemberJoined message, UnitOfWork work, CancellationToken cancellationToken) =>
        MembershipUpdate.Apply(Store, work, message.ProjectId, message.Username, message.Role, message.MembershipVersion, cancellationToken);
}

public sealed class MemberRoleChangedConsumer<TModule>(ModuleStore<TModule> store, OutboxSignal<TModule> signal)
    : IdempotentConsumer<TModule, MemberRoleChanged>(store, signal)
    where TModule : IServiceModule
{
    protected override Task Apply(MemberRoleChanged message, UnitOfWork work, CancellationToken cancellationToken) =>
        MembershipUpdate.Apply(Store, work, message.ProjectId, message.Username, message.NewRole, message.MembershipVersion, cancellationToken);
}

public sealed class MemberLeftConsumer<TModule>(ModuleStore<TModule> store, OutboxSignal<TModule> signal)
    : IdempotentConsumer<TModule, MemberLeft>(store, signal)
    where TModule : IServiceModule
{
    protected override Task Apply(MemberLeft message, UnitOfWork work, CancellationToken cancellationToken) =>
        MembershipUpdate.Apply(Store, work, message.ProjectId, message.Username, null, message.MembershipVersion, cancellationToken);
}

internal static class MembershipUpdate
{
    public static async Task Apply(IDocumentStore store, UnitOfWork work, Guid projectId, string username, string? role, long version, CancellationToken cancellationToken)
    {
        var key = Membership.Key(projectId, username);
        var stored = await store.GetAsync(Membership.Collection, key, cancellationToken);
        // Events may arrive out of order: keep whichever change the reviews service made last.
        if (stored is not null && StoreJson.Read<Membership>(stored).Version >= version) return;
        work.Put(Membership.Collection, key, projectId.ToString("N"), new Membership(projectId, username, role, version), stored?.Version ?? 0);
    }
}
