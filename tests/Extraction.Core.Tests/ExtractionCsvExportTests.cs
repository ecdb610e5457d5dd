using System.Text;
using EvSysReview.Extraction.Core.Export;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class ExtractionCsvExportTests
{
    /// <summary>A small RFC 4180 reader, so the test checks what a CSV consumer would read back.</summary>
    private static List<List<string>> Read(string csv)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                    field.Append(csv[++i]);
                else if (c == '"')
                    quoted = false;
                else
                    field.Append(c);
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\r' && csv[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else
            {
                field.Append(c);
            }
        }

        return records;
    }

    private static string Export(string studyLabel = "Li 2021") =>
        ExtractionCsvExport.Write([FinalizedExtractionBuilder.Build(SampleEntries.Form, SampleEntries.Complete(), studyLabel)]);

    [Fact]
    public void Header_then_one_row_per_outcome_comparison()
    {
        var records = Read(Export());

        Assert.Equal(ExtractionCsvExport.Columns, records[0]);
        Assert.Equal(5, records.Count);
        Assert.All(records, r => Assert.Equal(ExtractionCsvExport.Columns.Count, r.Count));
    }

    [Fact]
    public void Continuous_row_carries_both_arms_sources_and_flags()
    {
        var records = Read(Export());
        var row = records[0].Zip(records[2]).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal("li-2021", row["study_id"]);
        Assert.Equal("Li 2021", row["study"]);
        Assert.Equal("mwmEscapeLatency", row["outcome"]);
        Assert.Equal("higher_is_worse", row["direction"]);
        Assert.Equal(("s", "28", "d"), (row["unit"], row["time_point"], row["time_unit"]));
        Assert.Equal("EVs 100 µg vs PBS", row["comparison"]);
        Assert.Equal(("33.478", "10", "converted"), (row["treatment_mean"], row["treatment_n"], row["treatment_sd_source"]));
        Assert.Equal("Luo 2018 mean + Wan 2014 SD from median and IQR", row["treatment_converted_method"]);
        Assert.Equal(23.220093548281, double.Parse(row["treatment_sd"], System.Globalization.CultureInfo.InvariantCulture), 11);
        Assert.Equal(("45.2", "5", "10", "se"), (row["control_mean"], row["control_n"], row["control_n_reported"], row["control_sd_source"]));
        Assert.Equal(("TRUE", "2"), (row["shared_control"], row["control_shared_by"]));
        Assert.Equal(("figure", "Fig. 2B", "TRUE"), (row["source"], row["source_location"], row["from_figure"]));
        Assert.Equal("", row["treatment_events"]);
    }

    [Fact]
    public void Dichotomous_row_has_events_and_no_sd()
    {
        var records = Read(Export());
        var row = records[0].Zip(records[3]).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal(("dichotomous", "1", "12", "", ""), (row["data_type"], row["treatment_events"], row["treatment_n"], row["treatment_sd"], row["treatment_sd_source"]));
        Assert.Equal(("1.5", "6"), (row["control_events"], row["control_n"]));
        Assert.Equal("FALSE", row["from_figure"]);
    }

    [Fact]
    public void Fields_with_commas_quotes_and_line_breaks_are_quoted()
    {
        var csv = Export("Li, \"J.\" 2021\nerratum");

        Assert.Contains(",\"Li, \"\"J.\"\" 2021\nerratum\",", csv);
        Assert.Equal("Li, \"J.\" 2021\nerratum", Read(csv)[1][1]);
        Assert.EndsWith("\r\n", csv);
        Assert.Equal("a,\"b,c\",,\"\"\"\"\r\n", CsvField.Line(["a", "b,c", null, "\""]));
    }
}
