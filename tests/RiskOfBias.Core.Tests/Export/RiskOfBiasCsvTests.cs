using System.Text;
using EvSysReview.RiskOfBias.Core.Consensus;
using EvSysReview.RiskOfBias.Core.Export;

namespace EvSysReview.RiskOfBias.Core.Tests.Export;

public class RiskOfBiasCsvTests
{
    private static DualAssessment Finalised() => DualAssessments.BothSubmitted()
        .RecordConsensusAnswer(Sheets.Rob2, "1.3", "N", "Imbalance in \"age\", sex compatible with chance.", "Table 1:\nages 61 vs 63")
        .RecordConsensusAnswer(Sheets.Rob2, "5.1", "Y", "Registered protocol.")
        .Finalise(Sheets.Rob2);

    [Fact]
    public void One_row_per_domain_and_overall_after_the_header()
    {
        var rows = Parse(RiskOfBiasCsv.Write(Sheets.Rob2, [new CsvStudy("Smith 2019", Finalised())]));

        Assert.Equal(RiskOfBiasCsv.Header, rows[0]);
        Assert.Equal(["D1", "D2", "D3", "D4", "D5", "overall"], rows.Skip(1).Select(r => r[3]));
        Assert.All(rows, r => Assert.Equal(15, r.Count));
    }

    [Fact]
    public void A_domain_row_carries_each_assessors_judgement_and_the_consensus_with_its_reason()
    {
        var d1 = Parse(RiskOfBiasCsv.Write(Sheets.Rob2, [new CsvStudy("Smith 2019", Finalised())]))[1];

        Assert.Equal(["study-17", "Smith 2019", "RoB 2", "D1", "Randomisation process"], d1.Take(5));
        Assert.Equal(["alice", "low"], d1.Skip(5).Take(2));
        Assert.Equal("1.1 Y: quote for 1.1; 1.2 Y: quote for 1.2; 1.3 N: quote for 1.3", d1[7]);
        Assert.Equal(["bob", "some_concerns"], d1.Skip(8).Take(2));
        Assert.Equal("low", d1[11]);
        Assert.Equal("1.3: Imbalance in \"age\", sex compatible with chance.", d1[12]);
        Assert.Equal("Finalised", d1[14]);
    }

    [Fact]
    public void Quotes_commas_and_line_breaks_survive_rfc_4180_quoting()
    {
        var text = RiskOfBiasCsv.Write(Sheets.Rob2, [new CsvStudy("O'Brien, \"the elder\" 2021", Finalised())]);
        var d1 = Parse(text)[1];

        Assert.Equal("O'Brien, \"the elder\" 2021", d1[1]);
        Assert.Contains("\"O'Brien, \"\"the elder\"\" 2021\"", text);
        Assert.Equal("1.3: Imbalance in \"age\", sex compatible with chance.", d1[12]);
        Assert.Contains("1.3 N: Table 1:\nages 61 vs 63", d1[13]);
        Assert.EndsWith("\r\n", text);
    }

    [Fact]
    public void A_domain_settled_by_agreement_says_so()
    {
        var d3 = Parse(RiskOfBiasCsv.Write(Sheets.Rob2, [new CsvStudy("Smith 2019", Finalised())]))[3];

        Assert.Equal(["low", "Both assessors agreed.", "3.1 Y: quote for 3.1"], d3.Skip(11).Take(3));
    }

    [Fact]
    public void Assessments_without_consensus_leave_the_consensus_columns_empty()
    {
        var d5 = Parse(RiskOfBiasCsv.Write(Sheets.Rob2, [new CsvStudy("Chen 2020", DualAssessments.BothSubmitted("study-18"))]))[5];

        Assert.Equal("some_concerns", d5[9]);
        Assert.Equal(["", "", "", "BothSubmitted"], d5.Skip(11));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\r\nlines", "\"two\r\nlines\"")]
    [InlineData(null, "")]
    public void Fields_are_quoted_only_when_rfc_4180_requires(string? value, string expected)
    {
        Assert.Equal(expected, CsvField.Quote(value));
    }

    // Minimal RFC 4180 reader, enough to prove the writer's output parses back to the values.
    private static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(field.ToString()); field.Clear(); rows.Add(row); row = []; i++;
            }
            else field.Append(c);
        }
        return rows;
    }
}
