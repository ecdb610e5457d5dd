using System.Diagnostics;
using System.Net;
using EvSysReview.Gateway;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Gateway;

/// <summary>The gateway runs its I/O inline (<see cref="InlineIo"/>); other hosts do not.</summary>
public sealed class InlineIoTests
{
    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public async Task Kestrel_schedules_inline_as_the_gateway_setting_says_and_the_gateway_still_answers(string setting, bool expected)
    {
        var settings = TestTokens.HostSettings();
        settings["Gateway:InlineScheduling"] = setting;
        await using var gateway = await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");

        Assert.Equal(expected, gateway.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        using var client = gateway.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/reviews/projects")).StatusCode);
    }

    /// <summary>
    /// The gateway's own process (its Program, as shipped) runs socket completions inline unless
    /// the operator's environment says 0. Seen from outside: with inline completions the runtime
    /// starts one socket engine thread (".NET Sockets") per processor, otherwise one for up to 30
    /// processors on x64. The child is told it has 4 processors, so the two cases differ on any
    /// machine. Linux only (thread names from /proc), as CI is.
    /// </summary>
    [Theory]
    [InlineData(null, 4)]
    [InlineData("0", 1)]
    public async Task The_gateway_process_runs_socket_completions_inline_unless_the_environment_turns_them_off(string? operatorValue, int expectedEngineThreads)
    {
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo("dotnet", Path.Combine(AppContext.BaseDirectory, "EvSysReview.Gateway.dll"))
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var (key, value) in TestTokens.HostSettings()) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["Urls"] = $"http://127.0.0.1:{port}";
        start.Environment["DOTNET_PROCESSOR_COUNT"] = "4";
        start.Environment.Remove(InlineIo.SocketCompletionsVariable);
        if (operatorValue is not null) start.Environment[InlineIo.SocketCompletionsVariable] = operatorValue;

        using var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            await Eventually.HoldsAsync(async () =>
            {
                try
                {
                    return (await client.GetAsync($"http://127.0.0.1:{port}/health/live")).StatusCode == HttpStatusCode.OK;
                }
                catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
                {
                    return false;
                }
            }, "the gateway process answers /health/live");

            var engineThreads = Directory.GetDirectories($"/proc/{process.Id}/task")
                .Count(task => File.ReadAllText(Path.Combine(task, "comm")).Trim() == ".NET Sockets");
            Assert.Equal(expectedEngineThreads, engineThreads);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
