using EvSysReview.RiskOfBias.Core.Tools;

namespace EvSysReview.RiskOfBias.Core.Tests.Tools;

public class ToolCatalogueTests
{
    [Fact]
    public void Syrcle_has_its_ten_items_answered_yes_no_unclear()
    {
        var syrcle = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Syrcle);

        Assert.Equal(
            ["Sequence generation", "Baseline characteristics", "Allocation concealment", "Random housing",
             "Blinding of caregivers/investigators", "Random outcome assessment", "Blinding of outcome assessor",
             "Incomplete outcome data", "Selective outcome reporting", "Other sources of bias"],
            syrcle.Domains.Select(d => d.ShortName));
        Assert.All(syrcle.Domains, d => Assert.Equal(["yes", "no", "unclear"], d.Questions.Single().Options));
        Assert.Equal("low", syrcle.AnswerJudgements["yes"]);
        Assert.Equal("high", syrcle.AnswerJudgements["no"]);
        Assert.Equal("unclear", syrcle.AnswerJudgements["unclear"]);
        Assert.False(syrcle.HasOverall);
    }

    [Fact]
    public void Rob2_has_five_domains_with_the_published_signalling_questions()
    {
        var rob2 = ToolCatalogue.BuiltIn.Get(ToolCatalogue.Rob2);

        Assert.Equal(
            [["1.1", "1.2", "1.3"], ["2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"], ["3.1", "3.2", "3.3", "3.4"],
             ["4.1", "4.2", "4.3", "4.4", "4.5"], ["5.1", "5.2", "5.3"]],
            rob2.Domains.Select(d => d.Questions.Select(q => q.Id).ToArray()));
        Assert.Equal(["low", "some_concerns", "high"], rob2.Scale.Select(l => l.Code));
        Assert.Equal(2, rob2.Domain("D2").Algorithm.Count);
        Assert.Null(rob2.Overall.Escalation!.AtLeast);
    }

    [Fact]
    public void Robins_i_has_seven_domains_judged_directly_on_its_five_level_scale()
    {
        var robins = ToolCatalogue.BuiltIn.Get(ToolCatalogue.RobinsI);

        Assert.Equal(7, robins.Domains.Count);
        Assert.All(robins.Domains, d => Assert.False(d.HasAlgorithm));
        Assert.Equal(["low", "moderate", "serious", "critical", "no_information"], robins.Scale.Select(l => l.Code));
    }

    [Fact]
    public void A_further_tool_is_added_from_json_without_code()
    {
        var quadas = ToolDefinitionReader.Read("""
            { "id": "two-item", "name": "Two items", "version": "1",
              "scale": [ { "code": "low", "label": "Low", "symbol": "+", "colour": "#02C100", "rank": 0 },
                         { "code": "high", "label": "High", "symbol": "×", "colour": "#BF0000", "rank": 1 } ],
              "overall": { "rule": "worst" },
              "answerJudgements": { "yes": "low", "no": "high" },
              "domains": [ { "id": "A", "questions": [ { "id": "a", "text": "A?", "options": "yes/no" } ] },
                           { "id": "B", "questions": [ { "id": "b", "text": "B?", "options": "yes/no" } ] } ] }
            """);

        var catalogue = ToolCatalogue.BuiltIn.With(quadas);

        Assert.Equal(4, catalogue.All.Count);
        Assert.Equal(2, catalogue.Get("two-item").Domains.Count);
    }

    [Theory]
    [InlineData("""{ "question": "9.9", "in": "Y" }""", "unknown question '9.9'")]
    [InlineData("""{ "question": "a", "in": "PY" }""", "uses answers PY")]
    public void A_definition_whose_rows_cannot_match_is_refused(string condition, string problem)
    {
        var json = $$"""
            { "id": "broken", "name": "Broken", "version": "1",
              "scale": [ { "code": "low", "label": "Low", "symbol": "+", "colour": "#02C100", "rank": 0 } ],
              "domains": [ { "id": "A", "questions": [ { "id": "a", "text": "A?", "options": "Y/N" } ],
                             "algorithm": [ { "rows": [ { "id": "R1", "when": [ {{condition}} ], "then": "low" } ] } ] } ] }
            """;

        var error = Assert.Throws<InvalidToolDefinitionException>(() => ToolDefinitionReader.Read(json));
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void A_row_proposing_a_judgement_off_the_scale_is_refused()
    {
        var json = """
            { "id": "broken", "name": "Broken", "version": "1",
              "scale": [ { "code": "low", "label": "Low", "symbol": "+", "colour": "#02C100", "rank": 0 } ],
              "domains": [ { "id": "A", "questions": [ { "id": "a", "text": "A?", "options": "Y/N" } ],
                             "algorithm": [ { "rows": [ { "id": "R1", "when": [ { "question": "a", "in": "Y" } ], "then": "dreadful" } ] } ] } ] }
            """;

        var error = Assert.Throws<InvalidToolDefinitionException>(() => ToolDefinitionReader.Read(json));
        Assert.Contains("'dreadful' is not on the judgement scale", error.Message);
    }

    [Fact]
    public void An_unknown_tool_is_a_rule_violation_naming_the_field()
    {
        var error = Assert.Throws<AssessmentRuleViolation>(() => ToolCatalogue.BuiltIn.Get("rob1"));
        Assert.Equal("toolId", error.Field);
    }
}
