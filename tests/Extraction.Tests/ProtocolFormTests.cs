using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;

namespace EvSysReview.Extraction.Tests;

/// <summary>
/// The form is the project's protocol's own field list, published by the reviews service: versioned
/// with the protocol, an entry keeps its version, and a new version does not break old entries.
/// </summary>
[Collection(ExtractionCollection.Name)]
public sealed class ProtocolFormTests(ExtractionHost host)
{
    private const string Lead = "lead21";

    // Version 2's fields: species (required choice), dose (number in µg or mg/kg), notes (text).
    private static readonly object[] FieldsV2 =
    [
        new { key = "species", label = "Species", type = "choice", choices = new[] { "mouse", "rat", "other" }, required = true },
        new { key = "dose", label = "Dose", type = "number", units = new[] { "µg", "mg/kg" }, min = 0 },
        new { key = "notes", label = "Notes", type = "text" },
    ];

    // Version 3 drops "notes" and adds a required "blinding" choice.
    private static readonly object[] FieldsV3 =
    [
        FieldsV2[0], FieldsV2[1],
        new { key = "blinding", label = "Blinded outcome assessment", type = "choice", choices = new object[] { new { value = "yes", label = "Yes" }, new { value = "no", label = "No" } }, required = true },
    ];

    [Fact]
    public async Task The_protocol_field_list_is_the_form_and_an_old_entry_keeps_its_version_with_new_fields_shown_missing()
    {
        var projectId = await host.CreateProjectAsync(Lead, ("alice", ProjectRoles.Reviewer));
        await PublishFormAsync(projectId, FieldsV2, "Extraction fields for this review");
        var form = await FormAsync(projectId, expectedVersion: 2);
        Assert.Equal(("protocol", true), (form.GetProperty("form").GetProperty("formId").GetString(), form.GetProperty("current").GetBoolean()));
        Assert.Equal(["species", "dose", "notes"], form.GetProperty("form").GetProperty("studyFields").EnumerateArray().Select(f => f.GetProperty("key").GetString()));
        Assert.Equal(["mouse", "rat"], form.GetProperty("form").GetProperty("studyFields")[0].GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()));

        // An entry on version 2 is checked against the protocol's fields, not the built-in form's.
        var first = await host.IncludeStudyAsync(projectId, Lead, "Ito K");
        var refused = await host.As("alice").SaveEntryAsync(projectId, first, Entry(first, new() { ["species"] = new() { Choice = "hamster" }, ["route"] = new() { Choice = "intranasal" } }));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["fields.route", "fields.species.choice"], (await refused.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name).Order(StringComparer.Ordinal));
        var saved = await host.As("alice").SaveEntryAsync(projectId, first, Entry(first, new() { ["species"] = new() { Choice = "rat" }, ["notes"] = new() { Text = "randomised" } }));
        Assert.Equal(HttpStatusCode.Created, saved.StatusCode);
        Assert.Equal(("protocol", 2), await FormOfEntryAsync(saved));

        // Version 3 changes the fields; the old entry keeps version 2 and can still be submitted.
        await PublishFormAsync(projectId, FieldsV3, "Blinding added, notes dropped");
        await FormAsync(projectId, expectedVersion: 3);
        var old = await (await host.As("alice").GetAsync($"{ExtractionApi.Study(projectId, first)}/entries/me")).JsonAsync();
        Assert.Equal(2, old.GetProperty("formVersion").GetInt32());
        Assert.Equal(0, old.GetProperty("submissionErrors").GetArrayLength());
        Assert.Equal(3, old.GetProperty("fieldStatusFormVersion").GetInt32());
        var presence = old.GetProperty("fieldStatus").EnumerateArray().ToDictionary(f => f.GetProperty("key").GetString()!, f => f.GetProperty("presence").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["species"] = "answered", ["dose"] = "missing", ["blinding"] = "missing", ["notes"] = "notInThisFormVersion" }, presence);
        Assert.Equal("randomised", old.GetProperty("fields").GetProperty("notes").GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.As("alice").PostAsync(projectId, first, "submit")).StatusCode);

        // Version 2 stays readable, so the old entry is always shown with its own form.
        var v2 = await host.As(Lead).GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/form?version=2");
        Assert.Equal((2, false), (v2.GetProperty("form").GetProperty("version").GetInt32(), v2.GetProperty("current").GetBoolean()));
        Assert.Equal(HttpStatusCode.NotFound, (await host.As(Lead).GetAsync($"/api/extraction/projects/{projectId}/form?version=7")).StatusCode);

        // A new entry is made with version 3 and must answer the new required field.
        var second = await host.IncludeStudyAsync(projectId, Lead, "Sato M");
        var created = await host.As("alice").SaveEntryAsync(projectId, second, Entry(second, new() { ["species"] = new() { Choice = "mouse" } }));
        Assert.Equal(("protocol", 3), await FormOfEntryAsync(created));
        var incomplete = await host.As("alice").PostAsync(projectId, second, "submit");
        Assert.Equal(HttpStatusCode.BadRequest, incomplete.StatusCode);
        Assert.Equal(["fields.blinding"], (await incomplete.JsonAsync()).GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task A_field_list_that_cannot_be_read_leaves_the_built_in_form_and_says_why()
    {
        var projectId = await host.CreateProjectAsync(Lead, ("alice", ProjectRoles.Reviewer));
        await PublishFormAsync(projectId, [new { key = "when", label = "When", type = "date" }], "A date field");

        var form = await FormAsync(projectId, expectedVersion: 2);

        Assert.Equal("msc-ev-neurodegeneration", form.GetProperty("form").GetProperty("formId").GetString());
        Assert.StartsWith("extractionForm.studyFields[0].type:", form.GetProperty("notes")[0].GetString());
    }

    private static ExtractionEntry Entry(Guid studyId, Dictionary<string, FieldValue> fields) => StudyEntries.Complete(studyId) with { Fields = fields };

    private static async Task<(string?, int)> FormOfEntryAsync(HttpResponseMessage response)
    {
        var entry = await response.JsonAsync();
        return (entry.GetProperty("formId").GetString(), entry.GetProperty("formVersion").GetInt32());
    }

    /// <summary>Amends the protocol through the reviews API; extraction hears of it through ProtocolPublished.</summary>
    private async Task PublishFormAsync(Guid projectId, object[] studyFields, string note)
    {
        var lead = host.As(Lead);
        var project = await lead.GetFromJsonAsync<JsonElement>($"/api/reviews/projects/{projectId}");
        var protocol = JsonNode.Parse(project.GetProperty("protocol").GetRawText())!.AsObject();
        protocol["question"]!["population"] = "Rodent models of Alzheimer's disease";
        protocol["question"]!["intervention"] = "MSC-derived extracellular vesicles";
        protocol["question"]!["outcomes"] = new JsonArray("cognitive function");
        protocol["eligibility"]!["include"] = new JsonArray("in vivo animal studies");
        protocol["extractionForm"] = JsonSerializer.SerializeToNode(new { studyFields });
        var published = await lead.PutAsJsonAsync($"/api/reviews/projects/{projectId}/protocol", new { protocol, amendmentNote = note });
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
    }

    private async Task<JsonElement> FormAsync(Guid projectId, int expectedVersion)
    {
        var path = $"/api/extraction/projects/{projectId}/form";
        await Eventually.HoldsAsync(async () => (await host.As(Lead).GetFromJsonAsync<JsonElement>(path)).GetProperty("protocolVersion").GetInt32() == expectedVersion,
            $"extraction read protocol version {expectedVersion}");
        return await host.As(Lead).GetFromJsonAsync<JsonElement>(path);
    }
}
