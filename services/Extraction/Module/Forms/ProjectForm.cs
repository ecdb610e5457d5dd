using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Forms;

/// <summary>
/// The extraction form and mode a project's latest protocol asks for. New entries are made with
/// this form version; entries already made keep theirs. FormId is <see cref="ProtocolFormId"/> when
/// the form is the protocol's own field list (stored per project, one document per version), else
/// a built-in template of <see cref="ExtractionFormCatalog.BuiltIn"/>.
/// </summary>
public sealed record ProjectForm(Guid ProjectId, int ProtocolVersion, string FormId, int FormVersion, ExtractionMode Mode)
{
    public const string Collection = "project-forms";

    /// <summary>Forms made from a protocol's field list; the version is the protocol version that introduced it.</summary>
    public const string VersionsCollection = "project-form-versions";

    public const string ProtocolFormId = "protocol";

    /// <summary>Why the protocol's own form could not be used (the project then has the built-in one).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>
    /// The field list (its JSON) a template project started with: while a protocol names a
    /// built-in template and keeps this list, the list is the template's own description and the
    /// built-in form is used; an amendment that changes it makes the protocol's list the form.
    /// </summary>
    public string? TemplateFields { get; init; }

    public bool IsProtocolForm => FormId == ProtocolFormId;

    /// <summary>What a project gets before (or without) a protocol that names a known form.</summary>
    public static ProjectForm Default(Guid projectId) =>
        new(projectId, 0, MscEvExtractionForm.FormId, MscEvExtractionForm.Version1.Version, ExtractionMode.DualIndependent);

    public static string VersionKey(Guid projectId, int version) => $"{projectId:N}:{version}";
}
