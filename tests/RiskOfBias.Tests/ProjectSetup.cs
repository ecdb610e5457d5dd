using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>A project as the upstream services would announce it: a lead, a methodologist, two reviewers, an observer, the MSC-EV protocol's tools.</summary>
public static class ProjectSetup
{
    public const string Lead = "lena";
    public const string Methodologist = "mona";
    public const string ReviewerA = "rafa";
    public const string ReviewerB = "remy";
    public const string Observer = "olga";
    public const string Outsider = "mallory";

    public static async Task<(RobApi Api, UpstreamEvents Upstream)> CreateAsync(RunningHost service, IBus? publisher = null)
    {
        var projectId = Guid.NewGuid();
        var upstream = new UpstreamEvents(publisher ?? service.Services.GetRequiredService<IBus>(), projectId);
        var api = new RobApi(service, projectId);
        await upstream.TeamAsync((Lead, "lead"), (Methodologist, "methodologist"), (ReviewerA, "reviewer"), (ReviewerB, "reviewer"), (Observer, "observer"));
        await upstream.ProtocolAsync();
        await Eventually.HoldsAsync(async () =>
        {
            var status = await api.As(Lead).GetAsync($"{api.Base}/status");
            if (!status.IsSuccessStatusCode) return false;
            return (await status.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("members").GetArrayLength() == 5;
        }, "the risk-of-bias service knows the team");
        return (api, upstream);
    }

    public static async Task<Guid> IncludeAsync(RobApi api, UpstreamEvents upstream, string firstAuthor, int year, string design = "animal")
    {
        var studyId = await upstream.IncludeAsync(firstAuthor, year, design);
        await Eventually.HoldsAsync(() => api.TaskExistsAsync(Methodologist, studyId), $"a task for {firstAuthor} {year} exists with its tool");
        return studyId;
    }
}
