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
        var limit = SpinLimitIn(host);

        Assert.True(limit.HasValue, $"{host}.runtimeconfig.json has no {SpinLimit}");
        Assert.Equal(0, limit.Value.GetInt32());
    }

    [Fact]
    public void A_library_such_as_these_tests_keeps_the_runtime_default()
    {
        // The option is for the Web SDK's executables (and those that opt in) only; the test host is neither.
        Assert.Null(SpinLimitIn("EvSysReview.Platform.Tests"));
    }

    private static JsonElement? SpinLimitIn(string assembly)
    {
        var path = Path.Combine(AppContext.BaseDirectory, assembly + ".runtimeconfig.json");
        using var config = JsonDocument.Parse(File.ReadAllText(path));
        return config.RootElement.GetProperty("runtimeOptions").TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty(SpinLimit, out var limit) ? limit.Clone() : null;
    }
}
