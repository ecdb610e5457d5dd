using EvSysReview.ServiceDefaults.Messaging;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>No host reports its bus configuration to MassTransit's usage tracking: a self-hosted system phones nowhere.</summary>
public sealed class UsageTelemetryTests
{
    [Fact]
    public void The_event_bus_reports_no_usage_telemetry()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddEventBus();
        using var host = builder.Build();

        // MassTransit's own default is Enabled = true.
        Assert.False(host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value.Enabled);
    }
}
