using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Platform.Tests.Access;

/// <summary>The order rules of the memberships an access check takes on a process-local store.</summary>
public sealed class MembershipMirrorTests
{
    private static readonly Guid Project = Guid.NewGuid();

    [Fact]
    public void A_read_that_returns_after_a_later_change_was_committed_does_not_put_the_older_role_back()
    {
        var mirror = new MembershipMirror();
        mirror.Follow(new UnitOfWork().Put(Membership.Collection, Membership.Key(Project, "ana"), Project.ToString("N"), new Membership(Project, "ana", null, 4), null));

        mirror.Offer(new Membership(Project, "ana", ProjectRoles.Reviewer, 3));

        Assert.Equal((null, 4L), (mirror.Of(Project, "ana")!.Role, mirror.Of(Project, "ana")!.Version));
    }

    [Fact]
    public void A_committed_change_replaces_what_a_read_put_there_and_other_collections_are_ignored()
    {
        var mirror = new MembershipMirror();
        mirror.Offer(new Membership(Project, "ben", ProjectRoles.Reviewer, 2));

        mirror.Follow(new UnitOfWork()
            .Put("projects", Project.ToString("N"), Project.ToString("N"), new Membership(Project, "ben", ProjectRoles.Lead, 9), null)
            .Put(Membership.Collection, Membership.Key(Project, "ben"), Project.ToString("N"), new Membership(Project, "ben", ProjectRoles.Observer, 3), null));

        Assert.Equal(ProjectRoles.Observer, mirror.Of(Project, "ben")!.Role);
        Assert.Null(mirror.Of(Project, "carol"));
    }

    [Fact]
    public void A_deleted_membership_is_forgotten_so_the_next_check_reads_the_store()
    {
        var mirror = new MembershipMirror();
        mirror.Offer(new Membership(Project, "dana", ProjectRoles.Methodologist, 1));

        mirror.Follow(new UnitOfWork().Delete(Membership.Collection, Membership.Key(Project, "dana"), Project.ToString("N"), null));

        Assert.Null(mirror.Of(Project, "dana"));
    }

    [Fact]
    public async Task The_store_passes_on_only_what_it_committed_not_a_redelivered_message_refused_by_its_inbox()
    {
        var store = new ModuleStore<MirroredModule>(new EvSysReview.ServiceDefaults.Storage.Sqlite.SqliteDocumentStore(Path.Combine(Directory.CreateTempSubdirectory("evsys-mirror-").FullName, "mirror.db")));
        var message = Guid.NewGuid();
        UnitOfWork Joined(string role, long version) => new UnitOfWork()
            .Put(Membership.Collection, Membership.Key(Project, "erin"), Project.ToString("N"), new Membership(Project, "erin", role, version), null)
            .MarkApplied("MemberJoinedConsumer", message);

        Assert.Equal(CommitResult.Committed, await store.CommitAsync(Joined(ProjectRoles.Reviewer, 1)));
        Assert.Equal(CommitResult.AlreadyApplied, await store.CommitAsync(Joined(ProjectRoles.Lead, 2)));

        Assert.Equal((ProjectRoles.Reviewer, 1L), (store.Memberships.Of(Project, "erin")!.Role, store.Memberships.Of(Project, "erin")!.Version));
    }

    private sealed class MirroredModule : EvSysReview.ServiceDefaults.IServiceModule
    {
        public static string Name => "mirrored";
    }
}
