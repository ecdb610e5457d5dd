using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EvSysReview.TestSupport;

/// <summary>
/// A real host (Kestrel on a free loopback port) built by the same code as its Program.cs, so
/// tests talk HTTP to exactly what ships.
/// </summary>
public sealed class RunningHost : IAsyncDisposable
{
    private RunningHost(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public IServiceProvider Services => App.Services;

    /// <param name="settingsFile">A host's appsettings.json from the repository, read before <paramref name="settings"/> override it.</param>
    /// <param name="address">A fixed address, to restart a host where its clients (the gateway) expect it; default a free port.</param>
    public static async Task<RunningHost> StartAsync(Func<string[], Action<WebApplicationBuilder>, WebApplication> create, IDictionary<string, string?> settings, string? settingsFile = null, Uri? address = null)
    {
        var app = create([], builder =>
        {
            if (settingsFile is not null) builder.Configuration.AddJsonFile(Path.Combine(RepoPaths.Root, settingsFile), optional: false);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls(address?.ToString().TrimEnd('/') ?? "http://127.0.0.1:0");
        });
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningHost(app, new Uri(bound));
    }

    public HttpClient Client(string? token = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        try
        {
            await App.StopAsync(timeout.Token);
        }
        finally
        {
            await App.DisposeAsync();
        }
    }
}
