using System.Text.Json;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Forms;

/// <summary>
/// Reads the parts of a published protocol this service owns the meaning of: the protocol's
/// "extractionForm" object, its "template" (which built-in form), optional "formVersion" and
/// optional "mode" ("dualIndependent" or "singleWithVerification").
/// </summary>
public static class ProtocolFormReader
{
    /// <summary>
    /// Never fails: a protocol without a form, with an unknown template or an unknown version gets
    /// the latest MSC-EV form, and an unknown mode dual extraction, because a consumer that threw
    /// here would stop the project's extraction until someone fixed the protocol.
    /// </summary>
    public static ProjectForm Read(Guid projectId, int protocolVersion, string protocolJson)
    {
        var fallback = ProjectForm.Default(projectId) with { ProtocolVersion = protocolVersion };
        JsonElement form;
        try
        {
            using var document = JsonDocument.Parse(protocolJson);
            if (!document.RootElement.TryGetProperty("extractionForm", out var found) || found.ValueKind != JsonValueKind.Object) return fallback;
            form = found.Clone();
        }
        catch (JsonException)
        {
            return fallback;
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
        return new ProjectForm(projectId, protocolVersion, formId, version, mode);
    }

    private static string? Text(JsonElement form, string name) =>
        form.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
