using System.Text.Json;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.Extraction.Core.Validation;

namespace EvSysReview.Extraction.Core.Tests;

/// <summary>The protocol's own field list becomes the extraction form.</summary>
public sealed class ProtocolFormDefinitionTests
{
    private static JsonElement ShippedTemplateForm()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "msc-ev-neurodegeneration.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("protocol").GetProperty("extractionForm").Clone();
    }

    private static ExtractionForm Read(string json) =>
        ProtocolFormDefinition.Read(JsonDocument.Parse(json).RootElement, "protocol", 4, "Form", []).Form!;

    [Fact]
    public void The_shipped_protocol_field_list_becomes_a_form_of_its_21_fields()
    {
        var parsed = ProtocolFormDefinition.Read(ShippedTemplateForm(), "protocol", 1, MscEvExtractionForm.Version1.Title, MscEvExtractionForm.Version1.Outcomes.Outcomes);

        Assert.Empty(parsed.Errors);
        var form = parsed.Form!;
        Assert.Equal(("protocol", 1, 21), (form.FormId, form.Version, form.StudyFields.Count));
        var disease = form.FindStudyField("disease")!;
        Assert.Equal((FieldType.Choice, true, true), (disease.Type, disease.Required, disease.AllowOther));
        Assert.Equal(new ChoiceOption("alzheimersDisease", "Alzheimer's disease"), disease.Options[0]);
        Assert.DoesNotContain(disease.Options, o => o.Value == "other");
        Assert.Equal(["ntaTrpsSize", "temMorphology", "cd9", "cd63", "cd81", "tsg101", "alix", "negativeMarkers"],
            form.FindStudyField("misevCharacterisation")!.Options.Select(o => o.Value));
        Assert.Equal(FieldType.Checklist, form.FindStudyField("misevCharacterisation")!.Type);
        var age = form.FindStudyField("age")!;
        Assert.Equal(["weeks", "months", "years"], age.AllowedUnits);
        Assert.Equal(1, form.FindStudyField("nPerGroup")!.Minimum);
        Assert.Empty(form.FindStudyField("nPerGroup")!.AllowedUnits);
        // The protocol names no outcome definitions, so the template's 20 are listed.
        Assert.Equal(20, form.Outcomes.Outcomes.Count);
    }

    [Fact]
    public void An_entry_is_validated_against_the_protocol_form_with_paths_naming_the_field()
    {
        var form = Read("""
            { "studyFields": [
                { "key": "species", "label": "Species", "type": "choice", "choices": ["mouse", "rat"], "required": true },
                { "key": "dose", "label": "Dose", "type": "number", "units": ["µg"], "min": 0 },
                { "key": "blinding", "label": "Blinded outcome assessment", "type": "choice", "choices": [{ "value": "yes", "label": "Yes" }, { "value": "no", "label": "No" }], "required": true } ] }
            """);
        var entry = SampleEntries.Complete() with
        {
            FormId = "protocol",
            FormVersion = 4,
            Fields = new Dictionary<string, FieldValue>
            {
                ["species"] = new() { Choice = "hamster" },
                ["dose"] = new() { Number = -1, Unit = "mg" },
            },
        };

        var errors = ExtractionEntryValidator.Validate(form, entry, ValidationStage.Submission);

        Assert.Equal(
            [("fields.blinding", ValidationCodes.Required), ("fields.dose.number", ValidationCodes.Range), ("fields.dose.unit", ValidationCodes.Unit), ("fields.species.choice", ValidationCodes.NotAnOption)],
            errors.Where(e => e.Path.StartsWith("fields.", StringComparison.Ordinal)).Select(e => (e.Path, e.Code)).Order());
    }

    [Fact]
    public void Protocol_outcomes_replace_the_template_outcomes()
    {
        var form = Read("""
            { "studyFields": [ { "key": "species", "type": "text" } ],
              "outcomes": [ { "key": "infarct", "label": "Infarct volume", "domain": "pathology", "direction": "higher is worse", "units": ["mm³"] },
                            { "key": "death", "direction": "higherIsWorse", "dataType": "dichotomous" } ],
              "timePointUnits": ["h", "d"] }
            """);

        Assert.Equal(["infarct", "death"], form.Outcomes.Outcomes.Select(o => o.Key));
        Assert.Equal(OutcomeDirection.HigherIsWorse, form.Outcomes.Find("infarct")!.DefaultDirection);
        Assert.Equal(OutcomeDataType.Dichotomous, form.Outcomes.Find("death")!.DataType);
        Assert.Equal(["h", "d"], form.Outcomes.TimePointUnits);
        Assert.Equal("species", form.StudyFields[0].Label);
    }

    [Theory]
    [InlineData("""{ "studyFields": [ { "label": "No key", "type": "text" } ] }""", "extractionForm.studyFields[0].key")]
    [InlineData("""{ "studyFields": [ { "key": "a", "type": "date" } ] }""", "extractionForm.studyFields[0].type")]
    [InlineData("""{ "studyFields": [ { "key": "a", "type": "choice" } ] }""", "extractionForm.studyFields[0].choices")]
    [InlineData("""{ "studyFields": [ { "key": "a", "type": "choice", "choices": ["Yes", "yes"] } ] }""", "extractionForm.studyFields[0].choices")]
    [InlineData("""{ "studyFields": [ { "key": "a", "type": "text" }, { "key": "a", "type": "text" } ] }""", "extractionForm.studyFields")]
    [InlineData("""{ "studyFields": [], "outcomes": [ { "key": "x", "direction": "up" } ] }""", "extractionForm.outcomes[0].direction")]
    [InlineData("""{ "template": "msc-ev-neurodegeneration" }""", "extractionForm.studyFields")]
    public void A_definition_that_cannot_be_read_gives_no_form_and_errors_naming_the_place(string json, string path)
    {
        var parsed = ProtocolFormDefinition.Read(JsonDocument.Parse(json).RootElement, "protocol", 1, "Form", []);

        Assert.Null(parsed.Form);
        Assert.StartsWith(path + ":", Assert.Single(parsed.Errors));
    }

    [Theory]
    [InlineData("Alzheimer's disease", "alzheimersDisease")]
    [InlineData("umbilical cord / Wharton's jelly", "umbilicalCordWhartonsJelly")]
    [InlineData("NTA/TRPS size", "ntaTrpsSize")]
    [InlineData("iPSC-derived", "ipscDerived")]
    [InlineData("CD9", "cd9")]
    public void A_choice_given_by_label_gets_a_camel_case_value(string label, string value) =>
        Assert.Equal(value, ProtocolFormDefinition.ValueOf(label));
}
