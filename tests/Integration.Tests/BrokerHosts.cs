using EvSysReview.Gateway;
using EvSysReview.Integration.Tests.Faults;
using EvSysReview.Reviews;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Storage;
using EvSysReview.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Integration.Tests;

/// <summary>
/// Reviews and screening hosts built exactly as their Program.cs builds them, on real ports, over
/// the real broker (the shared one, or <paramref name="brokerUri"/> for a test's private node). Each
/// test gets its own queue prefix and data folders, so tests never share queues or stores; a
/// restarted host reuses both, like a restarted process.
/// </summary>
public sealed class BrokerHosts(string? brokerUri = null)
{
    public string QueuePrefix { get; } = $"it{Guid.NewGuid():N}"[..10] + "-";

    public string ReviewsData { get; } = Directory.CreateTempSubdirectory("evsys-it-reviews-").FullName;

    public string ScreeningData { get; } = Directory.CreateTempSubdirectory("evsys-it-screening-").FullName;

    /// <summary>Extra configuration for every host started after it is set (faster retries, say).</summary>
    public Dictionary<string, string?> Overrides { get; } = [];

    private async Task<Dictionary<string, string?>> SettingsAsync(string dataDirectory)
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = brokerUri ?? await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = QueuePrefix;
        settings["Storage:DataDirectory"] = dataDirectory;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Outbox:RetryDelay"] = "00:00:00.500";
        foreach (var (key, value) in Overrides) settings[key] = value;
        return settings;
    }

    public async Task<RunningHost> StartReviewsAsync(bool dispatchOutbox = true)
    {
        var settings = await SettingsAsync(ReviewsData);
        settings["Outbox:DispatchEnabled"] = dispatchOutbox ? "true" : "false";
        return await RunningHost.StartAsync((args, configure) => ServiceHost.Create(args, b => b.AddReviews(), a => a.MapReviews(), configure), settings);
    }

    /// <summary>Screening with the test's counting consumers: ProjectCreated, DecisionRecorded, and the one with a fixable fault.</summary>
    public async Task<RunningHost> StartScreeningAsync()
    {
        var settings = await SettingsAsync(ScreeningData);
        // This host binds a consumer of DecisionRecorded (the counter), as a deployment with an audit
        // sink would, so it asks for that event, off by default.
        settings["Screening:Events:PublishReviewerDecisions"] = "true";
        return await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(
                args,
                b =>
                {
                    b.AddScreening();
                    b.AddConsumer<ScreeningModule, ProjectCreatedCounterConsumer>();
                    b.AddConsumer<ScreeningModule, DecisionRecordedCounterConsumer>();
                    b.AddConsumer<ScreeningModule, PrerequisiteProjectCreatedConsumer>();
                },
                a => a.MapScreening(),
                configure),
            settings);
    }

    /// <summary>The gateway alone (its routes lead nowhere here): for its operator endpoints over this test's queues.</summary>
    public async Task<RunningHost> StartGatewayAsync(params string[] operators)
    {
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = brokerUri ?? await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = QueuePrefix;
        for (var i = 0; i < operators.Length; i++) settings[$"Operations:Operators:{i}"] = operators[i];
        foreach (var (key, value) in Overrides) settings[key] = value;
        return await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");
    }

    public static IDocumentStore ScreeningStore(RunningHost screening) => screening.Services.GetRequiredService<ModuleStore<ScreeningModule>>();

    public static IDocumentStore ReviewsStore(RunningHost reviews) => reviews.Services.GetRequiredService<ModuleStore<ReviewsModule>>();
}
