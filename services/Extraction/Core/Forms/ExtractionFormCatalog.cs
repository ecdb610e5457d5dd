namespace EvSysReview.Extraction.Core.Forms;

/// <summary>Every published version of the forms, so an entry is always read with the version it was made with.</summary>
public sealed class ExtractionFormCatalog
{
    private readonly Dictionary<(string FormId, int Version), ExtractionForm> forms = [];

    public ExtractionFormCatalog(IEnumerable<ExtractionForm> forms)
    {
        foreach (var form in forms)
        {
            if (!this.forms.TryAdd((form.FormId, form.Version), form))
                throw new ArgumentException($"{form.FormId} version {form.Version} is listed twice.", nameof(forms));
        }
    }

    /// <summary>The built-in templates.</summary>
    public static ExtractionFormCatalog BuiltIn { get; } = new([MscEvExtractionForm.Version1]);

    public ExtractionForm? Find(string formId, int version) => forms.GetValueOrDefault((formId, version));

    public ExtractionForm? Latest(string formId) =>
        forms.Values.Where(f => f.FormId == formId).MaxBy(f => f.Version);
}
