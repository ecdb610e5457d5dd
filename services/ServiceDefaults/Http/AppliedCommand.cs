using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// The mark a command sent with an Idempotency-Key leaves in its module's store, written in the same
/// transaction as the command's first commit. The key's record (the answer to replay) is committed
/// afterwards to another database, so a crash between the two commits used to leave the command
/// applied and no record: a retry ran it again (a second project for a create). The middleware
/// looks for this mark when it finds no record, and refuses to run the command twice.
/// <para>
/// <paramref name="Answer"/>: the status of a command whose answer has no body, headers or content
/// (a 204), declared before it committed (<see cref="IdempotencyScope.AnswerWhenApplied"/>). Such an
/// answer is the mark itself: the middleware keeps no record for it, and a retry gets the status
/// back from the mark — a commit per command fewer, and the right answer even after a crash.
/// </para>
/// </summary>
public sealed record AppliedCommand(string RequestFingerprint, DateTimeOffset AppliedAt, int? Answer = null)
{
    public const string Collection = "idempotency-applied";

    /// <summary>
    /// Every mark's partition. Marks are found by id and expire by age, never listed; one partition
    /// puts a batch's marks on one page of the partition index, where a partition per user (as
    /// before) dirtied a page per reviewer in every group commit (docs/performance.md).
    /// </summary>
    public const string Partition = "marks";
}

/// <summary>A module store keyed commands commit to, where the middleware looks for their marks.</summary>
public sealed record AppliedCommandStore(IDocumentStore Store);

/// <summary>
/// The keyed command this request is running, as far as the module stores' commits are concerned
/// (an AsyncLocal: it flows from the middleware into the endpoint and the awaits under it, not into
/// consumers or background services started before it). The middleware sets it around the endpoint
/// only, so its own commits of the key's record carry no mark.
/// </summary>
public sealed class IdempotencyScope(string id, string fingerprint)
{
    private static readonly AsyncLocal<IdempotencyScope?> Scope = new();

    public static IdempotencyScope? Current
    {
        get => Scope.Value;
        internal set => Scope.Value = value;
    }

    /// <summary>Set once a commit carried the mark: a command that commits again does not write it again.</summary>
    private bool _marked;

    private int? _answer;

    /// <summary>The answer the committed mark carries (null: none, or no mark committed).</summary>
    internal int? MarkedAnswer { get; private set; }

    /// <summary>
    /// Declares, before the command's first commit, that once applied it answers <paramref name="status"/>
    /// with nothing else (no body, Location or ETag). The mark then carries the answer, and the
    /// middleware commits no record for it when the answer is exactly that.
    /// </summary>
    public void AnswerWhenApplied(int status) => _answer = status;

    /// <summary>Adds the mark to the command's first unit of work (not to a consumer's).</summary>
    internal bool Mark(UnitOfWork work)
    {
        if (_marked || work.InboxEntry is not null || work.Writes.Any(w => w.Collection == AppliedCommand.Collection && w.Id == id)) return false;
        _answerInMark = _answer;
        work.Put(AppliedCommand.Collection, id, AppliedCommand.Partition, new AppliedCommand(fingerprint, DateTimeOffset.UtcNow, _answerInMark), null);
        return true;
    }

    /// <summary>The answer in the mark last added to a unit of work (a failed commit's mark is added again to the next).</summary>
    private int? _answerInMark;

    internal void Committed()
    {
        _marked = true;
        MarkedAnswer = _answerInMark;
    }
}
