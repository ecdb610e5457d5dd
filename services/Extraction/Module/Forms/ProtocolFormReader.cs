using System.Text.Json;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Forms;

/// <summary>
/// Reads the parts of a published protocol this service owns the meaning of, the protocol's
/// "extractionForm" object: its own field list ("studyFields", optional "outcomes"; see
/// <see cref="ProtocolFormDefinition"/>), the "template" it started from (a built-in form, used as
/// is when the protocol lists no fields, and for its outcome list when the protocol names none),
/// optional "formVersion" (of the template) and optional "mode" ("dualIndependent" or
/// "singleWithVerification").
/// </summary>
public static class ProtocolFormReader
{
    /// <summary>The project's form after this protocol version, and the form version to store when it is new.</summary>
    public sealed record Result(ProjectForm Project, ExtractionForm? NewForm);

    /// <param name="currentProtocolForm">The project's protocol form so far: an unchanged field list keeps its version.</param>
    /// <remarks>
    /// Never fails: a protocol without a form, with an unknown template or a field list that cannot
    /// be read gets the template's (else the MSC-EV) built-in form, with the reasons in Notes,
    /// because a consumer that threw here would stop the project's extraction until someone fixed
    /// the protocol.
    /// </remarks>
    /// <param name="current">The project's form so far (its TemplateFields decide whether a template's list was amended).</param>
    public static Result Read(Guid projectId, int protocolVersion, string protocolJson, ExtractionForm? currentProtocolForm = null, ProjectForm? current = null)
    {
        var fallback = ProjectForm.Default(projectId) with { ProtocolVersion = protocolVersion };
        JsonElement form;
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            if (!document.RootElement.TryGetProperty("extractionForm", out var found) || found.ValueKind != JsonValueKind.Object) return new(fallback, null);
            form = found.Clone();
        }
        catch (JsonException)
        {
            return new(fallback, null);
        }

        var template = Text(form, "template");
        var formId = template is not null && ExtractionFormCatalog.BuiltIn.Latest(template) is not null ? template : MscEvExtractionForm.FormId;
        var version = form.TryGetProperty("formVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n)
            && ExtractionFormCatalog.BuiltIn.Find(formId, n) is not null
            ? n
            : ExtractionFormCatalog.BuiltIn.Latest(formId)!.Version;
        var mode = Text(form, "mode") switch
        {
            "singleWithVerification" or "single-with-verification" => ExtractionMode.SingleWithVerification,
            _ => ExtractionMode.DualIndependent,
        };
        var builtIn = new ProjectForm(projectId, protocolVersion, formId, version, mode);
        if (!form.TryGetProperty("studyFields", out var fieldList)) return new(builtIn, null);

        // A template project's protocol carries the template's field list as its description: the
        // built-in form is that list made richer (option keys, outcome definitions), so it stays
        // the form until an amendment changes the list.
        var templateFields = template is not null && ExtractionFormCatalog.BuiltIn.Latest(template) is not null ? fieldList.GetRawText() : null;
        var startingList = current?.TemplateFields ?? (current is { IsProtocolForm: true } ? null : templateFields);
        if (templateFields is not null && templateFields == startingList)
            return new(builtIn with { TemplateFields = templateFields }, null);

        var templateForm = ExtractionFormCatalog.BuiltIn.Find(formId, version)!;
        var parsed = ProtocolFormDefinition.Read(form, ProjectForm.ProtocolFormId, protocolVersion, templateForm.Title, templateForm.Outcomes.Outcomes);
        if (parsed.Form is null) return new(builtIn with { Notes = parsed.Errors }, null);
        if (currentProtocolForm is not null && SameFields(currentProtocolForm, parsed.Form))
            return new(new ProjectForm(projectId, protocolVersion, ProjectForm.ProtocolFormId, currentProtocolForm.Version, mode) { TemplateFields = current?.TemplateFields }, null);
        return new(new ProjectForm(projectId, protocolVersion, ProjectForm.ProtocolFormId, protocolVersion, mode) { TemplateFields = current?.TemplateFields }, parsed.Form);
    }

    private static bool SameFields(ExtractionForm current, ExtractionForm next) =>
        JsonSerializer.Serialize(current with { Version = 0 }, ExtractionJson.Options) == JsonSerializer.Serialize(next with { Version = 0 }, ExtractionJson.Options);

    private static string? Text(JsonElement form, string name) =>
        form.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
