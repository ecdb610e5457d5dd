using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;

namespace EvSysReview.Extraction.Forms;

/// <summary>
/// The extraction form and mode a project's latest protocol asks for. New entries are made with
/// this form version; entries already made keep theirs.
/// </summary>
public sealed record ProjectForm(Guid ProjectId, int ProtocolVersion, string FormId, int FormVersion, ExtractionMode Mode)
{
    public const string Collection = "project-forms";

    /// <summary>What a project gets before (or without) a protocol that names a known form.</summary>
    public static ProjectForm Default(Guid projectId) =>
        new(projectId, 0, MscEvExtractionForm.FormId, MscEvExtractionForm.Version1.Version, ExtractionMode.DualIndependent);

    public ExtractionForm Form => ExtractionFormCatalog.BuiltIn.Find(FormId, FormVersion) ?? MscEvExtractionForm.Version1;
}
