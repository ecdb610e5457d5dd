using EvSysReview.Gateway;
using EvSysReview.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Playwright;
using RabbitMQ.Client;
using static Microsoft.Playwright.Assertions;

namespace EvSysReview.Browser.Tests;

/// <summary>
/// The operations page through a real gateway on the real broker: an operator sees why two messages
/// failed, discards the one no fix will save and replays the other; a non-operator is refused. The
/// standalone host signs people in and serves the projects (every cluster of the gateway points at it); the error queue
/// is written straight to RabbitMQ as MassTransit leaves one, fault headers and all.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperationsTests(BrowserFixture fixture) : IAsyncLifetime
{
    private readonly string _prefix = $"ops{Guid.NewGuid():N}"[..11] + "-";
    private RunningHost? _gateway;

    private string Source => $"{_prefix}screening-orphan-events";

    private string ErrorQueue => $"{Source}_error";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_gateway is not null) await _gateway.DisposeAsync();
        await Broker.DeleteQueuesAsync(_prefix);
    }

    [BrokerFact]
    public async Task An_operator_sees_why_messages_failed_discards_the_hopeless_one_and_replays_the_other()
    {
        var uri = await Broker.UriAsync();
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = uri;
        settings["Bus:QueuePrefix"] = _prefix;
        settings["Operations:Operators:0"] = "dana";
        settings["WebRoot"] = Path.Combine(RepoPaths.Root, "gateway", "wwwroot");
        // Every service's cluster at the standalone host, which serves all of /api/{service}/.
        foreach (var cluster in new[] { "reviews", "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = fixture.Host.Address.ToString();
        }

        _gateway = await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");
        var (hopeless, fixable) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        await using (var connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync(Source, durable: true, exclusive: false, autoDelete: false);
            await channel.QueueDeclareAsync(ErrorQueue, durable: true, exclusive: false, autoDelete: false);
            await FailAsync(channel, hopeless, "Project 7f3c was deleted; its events cannot apply.");
            await FailAsync(channel, fixable, "Prerequisite needs-reference-data is missing.");
        }

        await using var ui = await fixture.OpenAsync(address: _gateway.Address);
        var page = ui.Page;
        await ui.SignInAsync("dana");
        await page.GotoAsync("/#/operations");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Operations", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Error queues" })).ToBeVisibleAsync();
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync("2 messages wait in 1 error queue(s).");

        await page.GetByRole(AriaRole.Button, new() { Name = $"Show messages of {ErrorQueue}" }).ClickAsync();
        var hopelessItem = page.Locator($"li.failed-message[data-message-id='{hopeless}']");
        await Expect(hopelessItem.Locator("h3")).ToHaveTextAsync("ProjectCreated");
        await Expect(hopelessItem.Locator("dd.exception")).ToHaveTextAsync("InvalidOperationException: Project 7f3c was deleted; its events cannot apply.");
        await Expect(hopelessItem).ToContainTextAsync("ProjectCreatedConsumer");
        await ui.ScreenshotAsync("operations-error-queue");

        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await hopelessItem.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator(".operations-status")).ToContainTextAsync($"Message {hopeless} discarded from {ErrorQueue}.");
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync("1 message waits in 1 error queue(s).");
        await Expect(page.Locator("li.failed-message")).ToHaveCountAsync(1);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Replay {ErrorQueue}" }).ClickAsync();
        await Expect(page.Locator(".operations-status")).ToContainTextAsync($"1 message sent back to {Source}.");
        await Expect(page.Locator("[data-total]")).ToHaveTextAsync("No message is waiting: every event was applied.");

        // On the broker: the fixable message, and only it, is back on the queue it failed on.
        await using (var connection = await new ConnectionFactory { Uri = new Uri(uri) }.CreateConnectionAsync())
        await using (var channel = await connection.CreateChannelAsync())
        {
            var back = await channel.BasicGetAsync(Source, autoAck: true);
            Assert.Equal(fixable, back?.BasicProperties.MessageId);
            Assert.Null(await channel.BasicGetAsync(Source, autoAck: true));
        }

        // Not an operator: the page shows the refusal, nothing of the queues.
        await using var bob = await fixture.OpenAsync(address: _gateway.Address);
        await bob.SignInAsync("bob");
        await bob.Page.GotoAsync("/#/operations");
        await Expect(bob.Page.Locator("[data-problem='403']")).ToContainTextAsync("Error queues are for the deployment's operators");
        await Expect(bob.Page.Locator("table.error-queues")).ToHaveCountAsync(0);
        // Nothing failed to load on the operator's page, not even the icon.
        Assert.Empty(ui.ConsoleErrors);
    }

    [BrokerFact]
    public async Task An_operator_sees_which_service_holds_which_event_type_back_and_why()
    {
        // Ingestion's readiness as a service holding CitationImported back gives it to an operator's token.
        var port = LoopbackPort.Free();
        var stub = WebApplication.CreateSlimBuilder();
        stub.WebHost.UseUrls($"http://127.0.0.1:{port}");
        await using var ingestion = stub.Build();
        ingestion.MapGet("/health/ready", (HttpRequest request) => request.Headers.Authorization.ToString().Length == 0
            ? Results.Json(new { status = "Degraded" })
            : Results.Json(new
            {
                status = "Degraded",
                checks = new Dictionary<string, object>
                {
                    ["outbox-ingestion"] = new
                    {
                        status = "Degraded",
                        data = new { heldBack = new[] { new { type = "CitationImported", since = "2026-12-05T10:00:00Z", returns = 12, waiting = 250 } } },
                    },
                },
            }));
        await ingestion.StartAsync();
        var settings = TestTokens.HostSettings();
        settings["RABBITMQ_URI"] = await Broker.UriAsync();
        settings["Bus:QueuePrefix"] = _prefix;
        settings["Operations:Operators:0"] = "dana";
        settings["WebRoot"] = Path.Combine(RepoPaths.Root, "gateway", "wwwroot");
        foreach (var cluster in new[] { "reviews", "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            settings[$"ReverseProxy:Clusters:{cluster}:Destinations:primary:Address"] = cluster == "ingestion" ? $"http://127.0.0.1:{port}/" : fixture.Host.Address.ToString();
        }

        _gateway = await RunningHost.StartAsync(GatewayHost.Create, settings, "gateway/appsettings.json");
        // An American browser in New York: the time is the user's own, but written as ISO with its offset,
        // not "12/5/2026, 5:00:00 AM", which a reader elsewhere takes for 12 May.
        await using var ui = await fixture.OpenAsync(address: _gateway.Address, locale: "en-US", timeZone: "America/New_York");
        await ui.SignInAsync("dana");
        await ui.Page.GotoAsync("/#/operations");

        var line = ui.Page.Locator("ul.held-back-events li[data-service='ingestion'][data-type='CitationImported']");
        await Expect(line).ToContainTextAsync("ingestion: CitationImported held back since 2026-12-05 05:00 UTC-5, ");
        await Expect(line).ToContainTextAsync(", 250 events wait, returned 12 times: no queue is bound for it: is the consuming service deployed?");
        await Expect(ui.Page.Locator("ul.held-back-events li")).ToHaveCountAsync(1);
        // The standalone host behind the other clusters does not list dana among its operators: the page says it cannot know.
        await Expect(ui.Page.Locator("[data-unanswered]")).ToHaveAttributeAsync("data-unanswered", "extraction reviews risk-of-bias screening synthesis");
        await ui.ScreenshotAsync("operations-held-back");
        Assert.Empty(ui.ConsoleErrors);
    }

    /// <summary>A message as MassTransit leaves it in an error queue: the envelope, the fault headers.</summary>
    private async Task FailAsync(IChannel channel, string messageId, string reason)
    {
        var body = System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new
        {
            messageId,
            messageType = new[] { "urn:message:EvSysReview.Contracts.Reviews:ProjectCreated" },
            message = new { projectId = Guid.NewGuid(), title = "t" },
        });
        var properties = new BasicProperties
        {
            MessageId = messageId,
            ContentType = "application/vnd.masstransit+json",
            Persistent = true,
            Headers = new Dictionary<string, object?>
            {
                ["MT-Reason"] = "fault",
                ["MT-Fault-ExceptionType"] = "System.InvalidOperationException",
                ["MT-Fault-Message"] = reason,
                ["MT-Fault-Timestamp"] = "2026-12-01T10:00:00.0000000Z",
                ["MT-Fault-ConsumerType"] = "EvSysReview.Screening.Protocol.ProjectCreatedConsumer",
            },
        };
        await channel.BasicPublishAsync("", ErrorQueue, true, properties, body);
    }
}
