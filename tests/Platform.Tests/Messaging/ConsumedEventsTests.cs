using EvSysReview.Contracts;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.Standalone;
using EvSysReview.TestSupport;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.Platform.Tests.Messaging;

/// <summary>
/// <see cref="ConsumedEvents"/> (the events an outbox publishes as mandatory) names exactly the event
/// types the modules consume. A consumer added without its type there would miss what was published
/// before its queue existed; a type left there after its last consumer went would wait in every
/// outbox for ever.
/// </summary>
public sealed class ConsumedEventsTests
{
    [Fact]
    public async Task The_list_of_consumed_events_is_what_the_consumers_of_every_module_take()
    {
        var settings = TestTokens.HostSettings();
        settings["Storage:DataDirectory"] = Directory.CreateTempSubdirectory("evsys-consumed-").FullName;
        // The standalone host registers every module: its catalog holds every consumer there is.
        await using var app = StandaloneHost.Create([], builder => builder.Configuration.AddInMemoryCollection(settings));
        var consumed = app.Services.GetRequiredService<ConsumerCatalog>().Consumers
            .SelectMany(c => c.Consumer.GetInterfaces())
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IConsumer<>))
            .Select(i => i.GetGenericArguments()[0])
            .Where(t => typeof(IntegrationEvent).IsAssignableFrom(t))
            .ToHashSet();

        Assert.Equal(consumed.Select(t => t.Name).Order(), ConsumedEvents.Types.Select(t => t.Name).Order());
        // Not one type that nobody consumes: those would never leave an outbox on a broker.
        Assert.DoesNotContain(ConsumedEvents.Types, t => t.Name is "DecisionRecorded" or "SynthesisUpdated");
    }
}
