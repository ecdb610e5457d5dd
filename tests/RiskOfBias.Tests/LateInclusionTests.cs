using EvSysReview.Contracts;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Screening;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>Inclusions and withdrawals arrive on different queues, so out of order: the latest by OccurredAt decides.</summary>
public sealed class LateInclusionTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Late_inclusions_older_than_the_last_withdrawal_leave_the_task_withdrawn()
    {
        // Included t1, withdrawn t2, included t3, withdrawn t4: the study ends excluded. Delivered as W2, W4, I1, I3.
        var (api, upstream) = await ProjectSetup.CreateAsync(_service);
        var studyId = Guid.NewGuid();
        var t1 = DateTimeOffset.UtcNow.AddMinutes(-10);
        StudyWithdrawn Withdrawal(DateTimeOffset at) => new() { ProjectId = api.ProjectId, StudyId = studyId, Stage = "full-text", Reason = $"withdrawn at {at:O}", OccurredAt = at };
        StudyIncluded Inclusion(DateTimeOffset at) => new()
        {
            ProjectId = api.ProjectId, StudyId = studyId, StudyDesign = "animal", OccurredAt = at,
            Citation = new CitationData { Title = "MSC-EVs, late", Authors = ["Late C"], Year = 2019 },
        };

        await ApplyAsync(upstream, Withdrawal(t1.AddMinutes(1)), nameof(StudyWithdrawnConsumer));
        await ApplyAsync(upstream, Withdrawal(t1.AddMinutes(3)), nameof(StudyWithdrawnConsumer));
        await ApplyAsync(upstream, Inclusion(t1), nameof(StudyIncludedConsumer));
        await ApplyAsync(upstream, Inclusion(t1.AddMinutes(2)), nameof(StudyIncludedConsumer));

        var stored = StoreJson.Read<StudyAssessment>((await Store.GetAsync(StudyAssessment.Collection, StudyAssessment.Key(api.ProjectId, studyId)))!);
        Assert.Equal((true, t1.AddMinutes(3)), (stored.Withdrawn, stored.InclusionChangedAt));
        Assert.Equal("withdrawn", (await api.JsonAsync(ProjectSetup.Methodologist, $"{api.Base}/studies/{studyId}")).GetProperty("state").GetString());
        Assert.False(await api.TaskExistsAsync(ProjectSetup.Methodologist, studyId));
    }

    private ModuleStore<RiskOfBiasModule> Store => _service.Services.GetRequiredService<ModuleStore<RiskOfBiasModule>>();

    /// <summary>Publishes <paramref name="message"/> and waits until the named risk-of-bias consumer has committed it.</summary>
    private async Task ApplyAsync<T>(UpstreamEvents upstream, T message, string consumer)
        where T : IntegrationEvent
    {
        await upstream.Publish(message);
        await Eventually.HoldsAsync(() => Store.IsAppliedAsync($"{RiskOfBiasModule.Name}:{consumer}", message.EventId), $"{consumer} applied {message.EventId}");
    }
}
