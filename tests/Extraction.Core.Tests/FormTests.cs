using System.Text.Json;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;

namespace EvSysReview.Extraction.Core.Tests;

public sealed class FormTests
{
    [Fact]
    public void Msc_ev_form_has_every_field_of_the_protocol_study_table()
    {
        // shared/msc-ev-protocol.md, "Extraction form (study level)", row by row.
        string[] protocolFields =
        [
            "disease", "animalModel",
            "species", "strain", "sex", "age", "nPerGroup",
            "mscSource", "donorSpecies", "passage", "cultureConditions",
            "evType", "isolationMethod",
            "misevCharacterisation",
            "engineeringCargo",
            "doseProtein", "doseParticles", "frequency", "route", "timingFromOnset",
            "followUpTimePoints",
        ];

        Assert.Equal(protocolFields, MscEvExtractionForm.Version1.StudyFields.Select(f => f.Key));
    }

    [Fact]
    public void Misev_checklist_lists_size_morphology_and_markers()
    {
        var misev = MscEvExtractionForm.Version1.FindStudyField("misevCharacterisation")!;

        Assert.Equal(FieldType.Checklist, misev.Type);
        Assert.Equal(["nta", "trps", "tem", "cd9", "cd63", "cd81", "tsg101", "alix", "negativeMarkers"], misev.Options.Select(o => o.Value));
    }

    [Fact]
    public void Msc_ev_form_lists_the_pico_outcomes_with_directions()
    {
        var outcomes = MscEvExtractionForm.Version1.Outcomes;

        Assert.Equal(20, outcomes.Outcomes.Count);
        Assert.Equal(OutcomeDirection.HigherIsWorse, outcomes.Find("mwmEscapeLatency")!.DefaultDirection);
        Assert.Equal(OutcomeDirection.HigherIsBetter, outcomes.Find("rotarodLatency")!.DefaultDirection);
        Assert.Equal(OutcomeDirection.HigherIsBetter, outcomes.Find("il10")!.DefaultDirection);
        Assert.Equal(OutcomeDataType.Dichotomous, outcomes.Find("mortality")!.DataType);
        Assert.Equal(["cognitive", "motor", "pathology", "neuroinflammation", "survival"], outcomes.Outcomes.Select(o => o.Domain).Distinct());
    }

    [Fact]
    public void Form_serialises_camel_case_and_round_trips()
    {
        var json = JsonSerializer.Serialize(MscEvExtractionForm.Version1, ExtractionJson.Options);

        Assert.Contains("\"formId\":\"msc-ev-neurodegeneration\"", json);
        Assert.Contains("\"studyFields\":[{\"key\":\"disease\"", json);
        Assert.Contains("\"defaultDirection\":\"higherIsWorse\"", json);
        Assert.Contains("\"allowedUnits\":[\"µg\",\"mg\",\"µg/kg\",\"mg/kg\"]", json);
        var back = JsonSerializer.Deserialize<ExtractionForm>(json, ExtractionJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, ExtractionJson.Options));
    }

    [Fact]
    public void Entry_round_trips_through_json()
    {
        var json = JsonSerializer.Serialize(SampleEntries.Complete(), ExtractionJson.Options);

        Assert.Contains("\"reported\":\"meanSe\"", json);
        Assert.Contains("\"timePoint\":{\"value\":28,\"unit\":\"d\"}", json);
        Assert.DoesNotContain("\"key\"", json);
        var back = JsonSerializer.Deserialize<ExtractionEntry>(json, ExtractionJson.Options)!;
        Assert.Equal(json, JsonSerializer.Serialize(back, ExtractionJson.Options));
    }

    [Fact]
    public void Catalog_finds_each_version_and_the_latest()
    {
        var version2 = MscEvExtractionForm.Version1 with { Version = 2 };
        var catalog = new ExtractionFormCatalog([MscEvExtractionForm.Version1, version2]);

        Assert.Same(MscEvExtractionForm.Version1, catalog.Find(MscEvExtractionForm.FormId, 1));
        Assert.Same(version2, catalog.Latest(MscEvExtractionForm.FormId));
        Assert.Null(catalog.Find(MscEvExtractionForm.FormId, 3));
        Assert.Throws<ArgumentException>(() => new ExtractionFormCatalog([version2, version2]));
    }
}
