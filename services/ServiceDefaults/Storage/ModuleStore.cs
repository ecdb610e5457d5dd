namespace EvSysReview.ServiceDefaults.Storage;

/// <summary>
/// A module's own store. Typed by the module so that, when the standalone host runs every module
/// in one process, each still reaches only its own database.
/// </summary>
public sealed class ModuleStore<TModule>(IDocumentStore inner) : DelegatingDocumentStore(inner)
    where TModule : IServiceModule
{
    /// <summary>
    /// The module's memberships as last committed, for the access check on a store only this process
    /// writes (Security/MembershipMirror); empty and unused on a shared store.
    /// </summary>
    public Security.MembershipMirror Memberships { get; } = new();

    public override async Task<CommitResult> CommitAsync(UnitOfWork work, CancellationToken cancellationToken = default)
    {
        // A command sent with an Idempotency-Key marks itself applied in its own transaction (AppliedCommand).
        var scope = IdempotencyScope.Current;
        var marked = scope?.Mark(work) == true;
        var result = await Inner.CommitAsync(work, cancellationToken);
        if (marked && result == CommitResult.Committed) scope!.Committed();
        // A redelivered message's unit of work is refused by the inbox and wrote nothing.
        if (Inner.ProcessLocal && result == CommitResult.Committed) Memberships.Follow(work);
        return result;
    }
}
