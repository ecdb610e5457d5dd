using EvSysReview.Reviews;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// Reviews and screening hosts built exactly as their Program.cs builds them, on real ports, over
/// the real broker. Each test gets its own queue prefix and data folders, so tests never share
/// queues or stores; a restarted host reuses both, like a restarted process.
/// </summary>
public sealed class BrokerHosts
{
    public string QueuePrefix { get; } = $"it{Guid.NewGuid():N}"[..10] + "-";

    public string ReviewsData { get; } = Directory.CreateTempSubdirectory("evsys-it-reviews-").FullName;

    public string ScreeningData { get; } = Directory.CreateTempSubdirectory("evsys-it-screening-").FullName;

    private async Task<Dictionary<string, string?>> SettingsAsync(string dataDirectory)
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = QueuePrefix;
        settings["Storage:DataDirectory"] = dataDirectory;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        return settings;
    }

    public async Task<RunningHost> StartReviewsAsync(bool dispatchOutbox = true)
    {
        var settings = await SettingsAsync(ReviewsData);
        settings["Outbox:DispatchEnabled"] = dispatchOutbox ? "true" : "false";
        return await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure), settings);
    }

    public async Task<RunningHost> StartScreeningAsync() =>
        await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(
                args,
                b =>
                {
                    b.AddScreening();
                    b.AddConsumer<ScreeningModule, ProjectCreatedCounterConsumer>();
                },
                a => a.MapScreening(),
                configure),
            await SettingsAsync(ScreeningData));

    public static IDocumentStore ScreeningStore(RunningHost screening) => screening.Services.GetRequiredService<ModuleStore<ScreeningModule>>();

    public static IDocumentStore ReviewsStore(RunningHost reviews) => reviews.Services.GetRequiredService<ModuleStore<ReviewsModule>>();
}
