using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// `gateway-cost [--wrk-seconds 15] [--paced-seconds N] [--rounds 3] [--paced-only]`: only the last part of `living-load` — the same GET direct,
/// through the gateway, through nginx and through a bare YARP (<see cref="GatewayCost"/>), by wrk at
/// 50 connections and at one, then paced at 1,000/s (<see cref="PacedGets"/>) — on a
/// freshly started system with one project and nothing seeded, in about ten minutes instead of
/// the full run's quarter of an hour or more, for comparing gateway builds or settings. Needs RABBITMQ_URI, nginx and
/// wrk, and the hosts built in Release. `--paced-seconds` (default: the wrk windows' length) sets the
/// paced windows apart: a 10 s window's p99 rests on its 100 slowest requests, and the direct route's
/// came out above every proxied route's in one run (2026-12-05 07:17), where no added p99 can be read.
/// `--rounds` sets how often the routes take turns (each round starting one route further on), and
/// `--paced-only` leaves out wrk's two loads: many paced rounds then compare the proxies round by round.
/// </summary>
public sealed class GatewayCostCommand : ISideBySideCommand
{
    public string Name => "gateway-cost";

    public int Run(string[] args)
    {
        var wrkSeconds = BusCeilingCommand.Option(args, "--wrk-seconds", 15);
        var pacedSeconds = BusCeilingCommand.Option(args, "--paced-seconds", wrkSeconds);
        return RunAsync(wrkSeconds, pacedSeconds, BusCeilingCommand.Option(args, "--rounds", GatewayCost.DefaultRounds), args.Contains("--paced-only")).GetAwaiter().GetResult();
    }

    private static async Task<int> RunAsync(int wrkSeconds, int pacedSeconds, int rounds, bool pacedOnly)
    {
        // The paced load's client, like living-load's.
        var notInherited = HostProcesses.ClientSocketCompletionsInline();

        Console.WriteLine($"load average at start: {LivingLoadCommand.LoadAverage()}");
        await using var hosts = new HostProcesses(notInherited: notInherited);
        await hosts.StartAsync();
        using var lead = new HttpClient
        {
            BaseAddress = HostProcesses.Address(HostProcesses.GatewayPort),
            Timeout = TimeSpan.FromSeconds(60),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", TestTokens.Valid("lead")) },
        };
        var created = await lead.PostAsJsonAsync("/api/reviews/projects", new { title = "gateway cost" });
        created.EnsureSuccessStatusCode();
        var projectId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // The measured GET is screening's: it answers once the project's membership has reached it.
        await LivingLoadCommand.WaitAsync(lead, $"/api/screening/projects/{projectId}/automation", _ => true, "screening knows the project", 120);
        await GatewayCost.RunAsync(projectId, wrkSeconds, hosts.Processes, pacedSeconds, rounds, pacedOnly);
        Console.WriteLine($"load average at the end: {LivingLoadCommand.LoadAverage()}");
        return 0;
    }
}
