using System.Text.Json;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace EvSysReview.Platform.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so the distributed shape is checked as text: every service the
/// compose file builds has a Dockerfile that publishes an existing project, and is given every
/// setting its host reads (HostSettings).
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] ServiceNames = ["reviews", "ingestion", "screening", "extraction", "risk-of-bias", "synthesis"];

    private static Dictionary<string, Dictionary<object, object>> Services()
    {
        using var reader = new StreamReader(Path.Combine(RepoPaths.Root, "docker-compose.yml"));
        var document = new DeserializerBuilder().Build().Deserialize<Dictionary<string, object>>(new MergingParser(new Parser(reader)));
        return ((Dictionary<object, object>)document["services"]).ToDictionary(e => (string)e.Key, e => (Dictionary<object, object>)e.Value);
    }

    private static Dictionary<string, string> Environment(Dictionary<object, object> service) =>
        ((Dictionary<object, object>)service["environment"]).ToDictionary(e => (string)e.Key, e => e.Value?.ToString() ?? "");

    [Fact]
    public void Every_service_host_the_platform_has_is_in_the_compose_file_with_the_broker_store_and_telemetry()
    {
        var services = Services();
        Assert.Superset(new HashSet<string>([.. ServiceNames, "gateway", "rabbitmq", "mongo", "otel-collector", "jaeger"]), services.Keys.ToHashSet());
    }

    [Fact]
    public void Every_built_service_has_a_Dockerfile_and_publishes_a_host_project_that_exists()
    {
        var built = Services().Where(s => s.Value.ContainsKey("build")).ToList();
        Assert.Equal(ServiceNames.Length + 1, built.Count);
        foreach (var (name, service) in built)
        {
            var build = (Dictionary<object, object>)service["build"];
            var dockerfile = Path.Combine(RepoPaths.Root, (string)build["context"], (string)build["dockerfile"]);
            Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist");
            Assert.Contains("dotnet publish \"${PROJECT}\"", File.ReadAllText(dockerfile));
            var args = (Dictionary<object, object>)build["args"];
            var project = (string)args["PROJECT"];
            Assert.True(File.Exists(Path.Combine(RepoPaths.Root, project)), $"{name}: {project} does not exist");
            Assert.Equal(Path.GetFileNameWithoutExtension(project) + ".dll", (string)args["ASSEMBLY"]);
            Assert.Contains("Microsoft.NET.Sdk.Web", File.ReadAllText(Path.Combine(RepoPaths.Root, project)));
        }
    }

    [Fact]
    public void Every_service_is_given_every_setting_its_host_reads()
    {
        var services = Services();
        foreach (var name in ServiceNames)
        {
            var environment = Environment(services[name]);
            var missing = HostSettings.Service.Where(setting => !environment.ContainsKey(setting)).ToList();
            Assert.True(missing.Count == 0, $"{name} lacks {string.Join(", ", missing)}");
            Assert.Equal(name, environment["OTEL_SERVICE_NAME"]);
        }
    }

    [Fact]
    public void Every_host_is_given_the_one_signing_key_and_the_one_operator_of_the_deployment()
    {
        var services = Services();
        foreach (var name in ServiceNames.Append("gateway"))
        {
            var environment = Environment(services[name]);
            Assert.Equal("${EVSYS_OPERATOR:-}", environment[OperatorSettings.FirstOperatorVariable]);
            Assert.Equal("${EVSYS_SIGNING_KEY:-compose-demo-signing-key-change-me-0123456789}", environment["Auth__SigningKey"]);
        }
    }

    [Fact]
    public void The_gateway_is_given_its_settings_and_an_address_for_every_cluster_it_routes_to()
    {
        var environment = Environment(Services()["gateway"]);
        using var gatewaySettings = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "gateway", "appsettings.json")));
        var clusters = gatewaySettings.RootElement.GetProperty("ReverseProxy").GetProperty("Clusters").EnumerateObject().Select(c => c.Name).ToList();
        Assert.Equal(ServiceNames.Order(), clusters.Order());
        var required = HostSettings.Gateway.Concat(clusters.Select(c => $"ReverseProxy__Clusters__{c}__Destinations__primary__Address"));
        var missing = required.Where(setting => !environment.ContainsKey(setting)).ToList();
        Assert.True(missing.Count == 0, $"gateway lacks {string.Join(", ", missing)}");
        Assert.Equal("http://screening:8080/", environment["ReverseProxy__Clusters__screening__Destinations__primary__Address"]);
    }

    // The gateway's replay leaves in _error what is older than the inbox retention; judged by another
    // value than the services keep, it would send back what their inboxes have forgotten.
    [Fact]
    public void The_gateway_judges_a_replay_by_the_inbox_retention_the_services_are_given()
    {
        var services = Services();
        var gateway = Environment(services["gateway"])["Storage__Retention__Inbox"];
        Assert.All(ServiceNames, name => Assert.Equal(gateway, Environment(services[name])["Storage__Retention__Inbox"]));
        Assert.Equal(TimeSpan.FromDays(30), TimeSpan.Parse(gateway, System.Globalization.CultureInfo.InvariantCulture));
    }
}
