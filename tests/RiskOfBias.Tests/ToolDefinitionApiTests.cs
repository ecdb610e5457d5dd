using System.Net;
using System.Text.Json;
using EvSysReview.TestSupport;

namespace EvSysReview.RiskOfBias.Tests;

/// <summary>GET tools/{tool}: what the web UI renders an assessment form from.</summary>
public sealed class ToolDefinitionApiTests : IAsyncLifetime
{
    private readonly RiskOfBiasHosts _hosts = new();
    private RunningHost _service = null!;

    public async Task InitializeAsync() => _service = await _hosts.StartInMemoryAsync();

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public async Task Syrcle_has_ten_items_answered_yes_no_unclear_with_their_question_texts_and_the_traffic_light_scale()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var tool = await api.JsonAsync(ProjectSetup.Observer, $"{api.Base}/tools/syrcle");

        Assert.Equal("SYRCLE", tool.GetProperty("shortName").GetString());
        Assert.Equal("none", tool.GetProperty("overallRule").GetString());
        var domains = tool.GetProperty("domains").EnumerateArray().ToList();
        Assert.Equal(10, domains.Count);
        Assert.Equal("Sequence generation", domains[0].GetProperty("shortName").GetString());
        var first = domains[0].GetProperty("questions").EnumerateArray().Single();
        Assert.Equal("1", first.GetProperty("id").GetString());
        Assert.Equal("Was the allocation sequence adequately generated and applied?", first.GetProperty("text").GetString());
        Assert.Equal(["yes", "no", "unclear"], first.GetProperty("options").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(JsonValueKind.Null, first.GetProperty("appliesWhen").ValueKind);
        Assert.Equal(["low", "unclear", "high"], tool.GetProperty("scale").EnumerateArray().Select(l => l.GetProperty("code").GetString()));
        Assert.Equal("#BF0000", tool.GetProperty("scale")[2].GetProperty("colour").GetString());
        Assert.Equal("high", tool.GetProperty("answerJudgements").GetProperty("no").GetString());
    }

    [Fact]
    public async Task Rob2_questions_say_when_they_apply_and_robins_i_domains_are_stated_directly()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var rob2 = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/tools/rob2");
        var d1 = rob2.GetProperty("domains")[0];
        Assert.True(d1.GetProperty("algorithm").GetBoolean());
        Assert.Equal("worst", rob2.GetProperty("overallRule").GetString());
        Assert.Null(d1.GetProperty("questions")[0].GetProperty("appliesWhen").GetString());
        // 2.7 is asked only "If N/PN/NI to 2.6" in the RoB 2 guidance, and may be answered NA.
        var q27 = rob2.GetProperty("domains")[1].GetProperty("questions").EnumerateArray().Single(q => q.GetProperty("id").GetString() == "2.7");
        Assert.StartsWith("2.6 ", q27.GetProperty("appliesWhen").GetString());
        Assert.Contains("PN", q27.GetProperty("appliesWhen").GetString());
        Assert.Equal(["NA", "Y", "PY", "PN", "N", "NI"], q27.GetProperty("options").EnumerateArray().Select(o => o.GetString()));

        var robins = await api.JsonAsync(ProjectSetup.ReviewerA, $"{api.Base}/tools/robins-i");
        Assert.All(robins.GetProperty("domains").EnumerateArray(), d => Assert.True(d.GetProperty("statedJudgement").GetBoolean()));
    }

    [Fact]
    public async Task An_unknown_tool_is_a_404_naming_the_tool_and_listing_the_known_ones_and_outsiders_get_404()
    {
        var (api, _) = await ProjectSetup.CreateAsync(_service);
        var response = await api.As(ProjectSetup.ReviewerA).GetAsync($"{api.Base}/tools/cochrane-1");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("tool", problem.GetProperty("field").GetString());
        Assert.Contains("rob2, robins-i, syrcle", problem.GetProperty("detail").GetString());

        Assert.Equal(HttpStatusCode.NotFound, (await api.As(ProjectSetup.Outsider).GetAsync($"{api.Base}/tools/syrcle")).StatusCode);
    }
}
