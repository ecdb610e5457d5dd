using System.Diagnostics;
using System.Globalization;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EvSysReview.Benchmarks.Living;

/// <summary>The message the ceiling publishes: about a DecisionRecorded's size, and a type (so an exchange) of its own.</summary>
public sealed record CeilingProbe(Guid EventId, Guid ProjectId, Guid ItemId, Guid RecordId, string Stage, string Reviewer, string Decision, DateTimeOffset OccurredAt);

public sealed class CeilingConsumer : IConsumer<CeilingProbe>
{
    public static long Consumed;

    public Task Consume(ConsumeContext<CeilingProbe> context)
    {
        Interlocked.Increment(ref Consumed);
        return Task.CompletedTask;
    }
}

/// <summary>
/// `bus-ceiling [--seconds 20] [--publishers 50]`: MassTransit alone over RABBITMQ_URI, no
/// application code: publishers publish (with broker confirms, as the outbox does) to one quorum
/// queue whose consumer only counts, with the services' prefetch (32). Prints published and consumed
/// messages per second: the ceiling a decisions/s figure is a fraction of.
/// </summary>
public sealed class BusCeilingCommand : ISideBySideCommand
{
    public string Name => "bus-ceiling";

    public int Run(string[] args)
    {
        var seconds = Option(args, "--seconds", 20);
        var publishers = Option(args, "--publishers", 50);
        return RunAsync(seconds, publishers).GetAwaiter().GetResult();
    }

    internal static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static async Task<int> RunAsync(int seconds, int publishers)
    {
        var uri = Environment.GetEnvironmentVariable("RABBITMQ_URI") ?? "amqp://guest:guest@127.0.0.1:5672/";
        var queue = $"ceiling-{Guid.NewGuid():N}"[..20];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Publish only once the consumer's queue is bound: otherwise the first messages reach an
        // exchange with no binding yet, are confirmed and dropped, and the drain below never ends.
        builder.Services.AddOptions<MassTransitHostOptions>().Configure(options => options.WaitUntilStarted = true);
        builder.Services.AddMassTransit(bus =>
        {
            bus.AddConsumer<CeilingConsumer>().Endpoint(e => e.Name = queue);
            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit) rabbit.SetQuorumQueue();
                endpoint.PrefetchCount = 32;
            });
            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(new Uri(uri));
                rabbit.ConfigureEndpoints(context);
            });
        });
        using var host = builder.Build();
        await host.StartAsync();
        var busControl = host.Services.GetRequiredService<IBus>();
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[0];

        long published = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, publishers).Select(async p =>
        {
            while (clock.Elapsed < until)
            {
                await busControl.Publish(new CeilingProbe(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "title-abstract", $"reviewer{p:00}", "include", DateTimeOffset.UtcNow));
                Interlocked.Increment(ref published);
            }
        }));
        var publishTime = clock.Elapsed;
        var drainDeadline = DateTime.UtcNow.AddSeconds(120);
        while (Interlocked.Read(ref CeilingConsumer.Consumed) < published && DateTime.UtcNow < drainDeadline) await Task.Delay(10);
        var consumeTime = clock.Elapsed;
        var consumed = Interlocked.Read(ref CeilingConsumer.Consumed);
        await host.StopAsync();
        await Broker.DeleteQueuesAsync(queue);

        Console.WriteLine($"MassTransit ceiling over {uri} (quorum queue, prefetch 32, {publishers} publishers, {seconds} s), load average {load} at start:");
        Console.WriteLine($"  published {published:N0} in {publishTime.TotalSeconds:F1} s = {published / publishTime.TotalSeconds:N0}/s (publisher confirms)");
        Console.WriteLine($"  consumed  {consumed:N0} in {consumeTime.TotalSeconds:F1} s = {consumed / consumeTime.TotalSeconds:N0}/s end to end");
        Console.WriteLine($"CEILING {consumed / consumeTime.TotalSeconds:F0}");
        return consumed == published ? 0 : 1;
    }
}
