using System.Text.Json;

namespace EvSysReview.Platform.Tests.Deployment;

/// <summary>
/// Every host ships with idle thread-pool workers that sleep instead of spin-waiting
/// (Directory.Build.props; docs/performance.md, "p99 against the offered rate").
/// The runtime reads the option from the host's runtimeconfig.json, so that file is what is checked:
/// the gateway and the standalone host are built beside these tests, the same way as the service hosts.
/// </summary>
public sealed class ThreadPoolSpinTests
{
    private const string SpinLimit = "System.Threading.ThreadPool.UnfairSemaphoreSpinLimit";

    [Theory]
    [InlineData("EvSysReview.Gateway")]
    [InlineData("EvSysReview.Standalone")]
    public void A_host_ships_with_thread_pool_spinning_off(string host)
    {
        var path = Path.Combine(AppContext.BaseDirectory, host + ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var properties = config.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        Assert.True(properties.TryGetProperty(SpinLimit, out var limit), $"{path} has no {SpinLimit}");
        Assert.Equal(0, limit.GetInt32());
    }

    [Fact]
    public void A_library_such_as_these_tests_keeps_the_runtime_default()
    {
        // The option is for the Web SDK's executables only; the test host itself is not one.
        var path = Path.Combine(AppContext.BaseDirectory, "EvSysReview.Platform.Tests.runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        var options = config.RootElement.GetProperty("runtimeOptions");

        Assert.False(options.TryGetProperty("configProperties", out var properties) && properties.TryGetProperty(SpinLimit, out _));
    }
}
