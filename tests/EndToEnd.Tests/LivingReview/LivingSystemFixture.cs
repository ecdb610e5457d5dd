using EvSysReview.TestSupport;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

[CollectionDefinition(Name)]
public sealed class LivingSystemCollection : ICollectionFixture<LivingSystemFixture>
{
    public const string Name = "living system";
}

/// <summary>The distributed system with ingestion's saved searches pointed at <see cref="FakeEUtilities"/>, shared by the living review and the fault tests.</summary>
public sealed class LivingSystemFixture : IAsyncLifetime
{
    public FakeEUtilities PubMed { get; private set; } = null!;

    public DistributedSystem? System { get; private set; }

    public async Task InitializeAsync()
    {
        PubMed = await FakeEUtilities.StartAsync();
        if (EvSysReview.TestSupport.Broker.SkipReason is not null) return;
        System = await DistributedSystem.StartAsync(serviceSettings: (name, settings) =>
        {
            if (name == "ingestion")
            {
                settings["Ingestion:Alerts:BaseUrl"] = PubMed.Address.ToString();
                settings["Ingestion:Alerts:PollInterval"] = "00:00:00.200";
                settings["Ingestion:Alerts:RetryDelay"] = "00:00:00.050";
            }

            if (name == "synthesis") settings["Synthesis:Debounce"] = "00:00:00.200";
        });
    }

    public async Task DisposeAsync()
    {
        if (System is not null) await System.DisposeAsync();
        await PubMed.DisposeAsync();
    }
}
