using EvSysReview.ServiceDefaults;
using EvSysReview.TestSupport;

namespace EvSysReview.Synthesis.Tests;

/// <summary>
/// The synthesis host built as its Program.cs builds it, on a real port with the in-memory bus (or
/// RabbitMQ when asked), its own SQLite folder and a short recomputation debounce.
/// </summary>
public static class SynthesisHost
{
    public const string Settings = "services/Synthesis/Host/appsettings.json";

    public static async Task<RunningHost> StartAsync(string? dataDirectory = null, bool broker = false, int debounceMs = 600, Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder>? alsoAdd = null, string? queuePrefix = null)
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = dataDirectory ?? Directory.CreateTempSubdirectory("evsys-synthesis-").FullName;
        settings["Outbox:PollInterval"] = "00:00:00.200";
        settings["Synthesis:Debounce"] = TimeSpan.FromMilliseconds(debounceMs).ToString();
        settings["Synthesis:PollInterval"] = "00:00:00.500";
        // Each host has its own queues; and a host that is not a broker test stays in memory even
        // when CI exports RABBITMQ_URI for the broker tests.
        settings["Bus:QueuePrefix"] = queuePrefix ?? $"sy{Guid.NewGuid():N}"[..10] + "-";
        settings["RABBITMQ_URI"] = broker ? await Broker.UriAsync() : "";

        return await RunningHost.StartAsync(
            (args, configure) => ServiceHost.Create(args, b => { b.AddSynthesis(); alsoAdd?.Invoke(b); }, a => a.MapSynthesis(), configure),
            settings,
            Settings);
    }
}

/// <summary>One host for a test class.</summary>
public sealed class SynthesisHostFixture : IAsyncLifetime
{
    public RunningHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await SynthesisHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
