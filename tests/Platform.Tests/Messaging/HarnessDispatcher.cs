using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Storage;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// An outbox dispatcher over a module's real store, publishing to MassTransit's in-memory test harness,
/// so a test can run its rounds one by one and read what was published.
/// </summary>
internal sealed class HarnessDispatcher<TModule> : IAsyncDisposable
    where TModule : IServiceModule
{
    private readonly ServiceProvider _provider;

    private HarnessDispatcher(ServiceProvider provider, ITestHarness harness, OutboxDispatcher<TModule> dispatcher)
    {
        _provider = provider;
        Harness = harness;
        Dispatcher = dispatcher;
    }

    public ITestHarness Harness { get; }

    public OutboxDispatcher<TModule> Dispatcher { get; }

    public static async Task<HarnessDispatcher<TModule>> StartAsync(ModuleStore<TModule> store, OutboxOptions? options = null)
    {
        var provider = new ServiceCollection().AddMassTransitTestHarness(_ => { }).BuildServiceProvider(true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var dispatcher = new OutboxDispatcher<TModule>(store, harness.Bus, new OutboxSignal<TModule>(), Options.Create(options ?? new OutboxOptions()), NullLogger<OutboxDispatcher<TModule>>.Instance);
        return new HarnessDispatcher<TModule>(provider, harness, dispatcher);
    }

    /// <returns>how many events the round's publishes were confirmed for.</returns>
    public Task<int> DispatchAsync() => Dispatcher.DispatchPendingAsync(CancellationToken.None);

    public ValueTask DisposeAsync() => _provider.DisposeAsync();
}
