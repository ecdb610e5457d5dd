using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EvSysReview.Platform.Tests.Deployment;

public sealed class StandaloneHostTests(StandaloneFixture standalone) : IClassFixture<StandaloneFixture>
{
    [Fact]
    public async Task It_answers_ready_with_every_module_store_and_the_bus_healthy_and_the_checks_to_an_operator_only()
    {
        var anonymous = await standalone.Host.Client().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal("""{"status":"Healthy"}""", await anonymous.Content.ReadAsStringAsync());

        var response = await standalone.As(StandaloneFixture.OperatorName).GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("checks");
        foreach (var module in new[] { "reviews", "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
        {
            Assert.Equal("Healthy", checks.GetProperty($"store-{module}").GetProperty("status").GetString());
        }

        Assert.Equal("Healthy", checks.GetProperty("masstransit-bus").GetProperty("status").GetString());
    }

    [Fact]
    public async Task It_keeps_one_SQLite_file_per_module_in_its_data_folder()
    {
        await standalone.Host.Client().GetAsync("/health/ready");
        var files = Directory.GetFiles(standalone.DataDirectory, "*.db").Select(Path.GetFileName).Order();
        Assert.Equal(["extraction.db", "idempotency.db", "ingestion.db", "reviews.db", "risk-of-bias.db", "screening.db", "synthesis.db"], files);
    }

    [Fact]
    public async Task It_serves_the_web_page_at_the_root_without_a_token()
    {
        var response = await standalone.Host.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("EvSysReview", await response.Content.ReadAsStringAsync());
    }
}
