using System.Diagnostics;

namespace EvSysReview.Benchmarks.Living;

/// <summary>
/// A bare YARP (<see cref="BareYarpCommand"/>: forwarding and nothing else) in its own process, as
/// nginx is, with the gateway's inline I/O: a proxy against nginx (GatewayCost), and what YARP's hop
/// itself costs under the review's decision load (`living-load --decisions-via-bare-yarp`), apart
/// from the gateway's token check, rate limiter and telemetry. Stopped when disposed.
/// </summary>
public sealed class BareYarpProxy : IAsyncDisposable
{
    private readonly Process process;

    private BareYarpProxy(Process process) => this.process = process;

    public int Pid => process.Id;

    public static async Task<BareYarpProxy> StartAsync(int port, int upstreamPort)
    {
        var start = new ProcessStartInfo("dotnet", $"{typeof(BareYarpCommand).Assembly.Location} bare-yarp --port {port} --upstream {upstreamPort}") { UseShellExecute = false };
        // Like the gateway's own process (InlineIo), unless the caller's environment says otherwise.
        start.Environment.TryAdd(HostProcesses.SocketCompletionsVariable, "1");
        var process = Process.Start(start)!;
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                // Any answer (the upstream's 401 included) means the proxy listens.
                await probe.GetAsync($"http://127.0.0.1:{port}/health/live");
                return new BareYarpProxy(process);
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(200);
            }
        }

        process.Kill();
        process.Dispose();
        throw new InvalidOperationException($"bare YARP did not listen on {port}");
    }

    public async ValueTask DisposeAsync()
    {
        process.Kill();
        await process.WaitForExitAsync();
        process.Dispose();
    }
}
