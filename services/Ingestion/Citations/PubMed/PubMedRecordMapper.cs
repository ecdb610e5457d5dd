using System.Buffers;
using System.Text;
using System.Xml;

namespace EvSysReview.Ingestion.Citations.PubMed;

/// <summary>
/// Maps the nodes of one PubmedArticle, PubmedBookArticle or legacy MedlineCitation to a
/// <see cref="PubMedRecordDraft"/> as the XmlReader passes them, without building the article's
/// subtree: each element gets its meaning from its parent's (<see cref="PubMedPaths"/>), text goes
/// straight into the field being read, and ignored subtrees (ReferenceList, History, …) are
/// skipped by the reader. The reader drives it node by node, so the sync and async paths share it.
/// </summary>
internal sealed class PubMedRecordMapper
{
    private const string MathMlNamespace = "http://www.w3.org/1998/Math/MathML";

    // Known paths are at most eight deep; anything deeper is inside an ignored or text element.
    private const int MaxTrackedDepth = 16;
    private readonly PubMedNode[] nodes = new PubMedNode[MaxTrackedDepth];
    private readonly UInt128[] seen = new UInt128[MaxTrackedDepth];
    private readonly StringBuilder text = new();
    private PubMedRecordDraft draft = new(PubMedNode.PubmedArticle);
    private AuthorDraft author = new();
    private MeshDraft mesh = new();
    private LinkDraft link = new("");
    private string? sectionLabel;
    private string articleIdType = "pubmed";
    private int textDepth = -1;
    private int mathDepth = -1;
    private bool markup;
    private bool pendingSpace;

    static PubMedRecordMapper()
    {
        if ((int)PubMedNode.Count > 128) throw new InvalidOperationException("PubMedNode outgrew the 128-bit seen mask");
    }

    public PubMedRecordDraft Draft => draft;

    /// <summary>The record's PMID once it has been read (to name the record in an error).</summary>
    public string? Pmid => draft.Pmid?.Trim();

    /// <summary>True while inside a text element: the reader then passes text nodes to <see cref="Text"/>.</summary>
    public bool WantsText => textDepth >= 0;

    public static bool IsRecord(string localName) => localName is "PubmedArticle" or "PubmedBookArticle" or "MedlineCitation";

    /// <summary>Starts a record at its element (depth 1).</summary>
    public void Begin(string localName)
    {
        var kind = localName switch
        {
            "PubmedBookArticle" => PubMedNode.BookArticle,
            "MedlineCitation" => PubMedNode.MedlineCitation,
            _ => PubMedNode.PubmedArticle,
        };
        draft = new PubMedRecordDraft(kind) { HasCitation = kind == PubMedNode.MedlineCitation };
        nodes[1] = kind;
        seen[1] = 0;
        textDepth = mathDepth = -1;
    }

    /// <summary>
    /// An element start inside the record (depth 2 or more). Returns true when the reader should
    /// skip the element whole: XmlReader.Skip passes over a subtree without building its nodes'
    /// names, attributes or values, which is most of what a ReferenceList would cost.
    /// </summary>
    public bool StartElement(XmlReader xml)
    {
        var depth = xml.Depth;
        if (textDepth >= 0)
        {
            // Inline HTML (<i>, <sub>) keeps its text; MathML keeps its text but not its indentation.
            if (mathDepth < 0 && markup && (xml.NamespaceURI == MathMlNamespace || xml.LocalName == "math") && !xml.IsEmptyElement) mathDepth = depth;
            return false;
        }
        var node = depth < MaxTrackedDepth ? PubMedPaths.Child(nodes[depth - 1], xml.LocalName, xml, ref seen[depth - 1]) : PubMedNode.Ignored;
        if (node == PubMedNode.Ignored) return !xml.IsEmptyElement;
        nodes[depth] = node;
        seen[depth] = 0;
        Open(node, xml);
        if (xml.IsEmptyElement) Close(depth);
        return false;
    }

    public void Text(string value, XmlNodeType type)
    {
        if (mathDepth >= 0 && (type is XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace || string.IsNullOrWhiteSpace(value))) return;
        if (!markup)
        {
            text.Append(value);
            return;
        }
        // Whitespace is folded while appending: one space between words, none at the ends. Runs of
        // non-space are copied whole (abstracts are most of the text read).
        var rest = value.AsSpan();
        while (rest.Length > 0)
        {
            var space = rest.IndexOfAny(Whitespace);
            var word = space < 0 ? rest : rest[..space];
            if (word.Length > 0)
            {
                if (pendingSpace) text.Append(' ');
                text.Append(word);
                pendingSpace = false;
            }
            if (space < 0) break;
            pendingSpace = text.Length > 0;
            rest = rest[(space + 1)..];
        }
    }

    // Every char char.IsWhiteSpace accepts, so folding matches MEDLINE text readers.
    private static readonly SearchValues<char> Whitespace =
        SearchValues.Create(Enumerable.Range(0, char.MaxValue + 1).Select(c => (char)c).Where(char.IsWhiteSpace).ToArray());

    /// <summary>An element end inside the record; true when it is the record's own end.</summary>
    public bool EndElement(int depth)
    {
        if (mathDepth == depth) mathDepth = -1;
        if (textDepth >= 0 && depth > textDepth) return false;
        if (depth == 1) return true;
        Close(depth);
        return false;
    }

    private void Open(PubMedNode node, XmlReader xml)
    {
        switch (node)
        {
            case PubMedNode.MedlineCitation: draft.HasCitation = true; break;
            case PubMedNode.Article: draft.HasArticle = true; break;
            case PubMedNode.BookDocument: draft.HasBookDocument = true; break;
            case PubMedNode.Author: author = new AuthorDraft(); break;
            case PubMedNode.MeshHeading: mesh = new MeshDraft(); break;
            case PubMedNode.CommentsCorrections: link = new LinkDraft(xml.GetAttribute("RefType") ?? ""); break;
            case PubMedNode.AbstractText: sectionLabel = PubMedRecordDraft.NullIfEmpty(xml.GetAttribute("Label")); break;
            case PubMedNode.DescriptorName: mesh.DescriptorMajor = xml.GetAttribute("MajorTopicYN") == "Y"; break;
            case PubMedNode.QualifierName: mesh.QualifierMajor = xml.GetAttribute("MajorTopicYN") == "Y"; break;
            case PubMedNode.ArticleId: articleIdType = xml.GetAttribute("IdType") ?? "pubmed"; break;
        }
        if (PubMedPaths.IsText(node))
        {
            textDepth = xml.Depth;
            markup = PubMedPaths.IsMarkupText(node);
            pendingSpace = false;
            text.Clear();
        }
    }

    private void Close(int depth)
    {
        var node = nodes[depth];
        var parent = nodes[depth - 1];
        string? value = null;
        if (PubMedPaths.IsText(node))
        {
            value = text.ToString();
            textDepth = mathDepth = -1;
        }
        switch (node)
        {
            case PubMedNode.Pmid: draft.Pmid = value; break;
            case PubMedNode.ArticleTitle: draft.ArticleTitle = NullIfEmpty(value); break;
            case PubMedNode.VernacularTitle: draft.VernacularTitle = NullIfEmpty(value); break;
            case PubMedNode.BookTitle: draft.BookTitle = NullIfEmpty(value); break;
            case PubMedNode.AbstractText:
                if (value!.Length > 0 || sectionLabel is not null) draft.Sections.Add(new AbstractSection(sectionLabel, value));
                break;
            case PubMedNode.JournalTitle: draft.JournalTitle = value; break;
            case PubMedNode.IsoAbbreviation: draft.IsoAbbreviation = value; break;
            case PubMedNode.MedlineTA: draft.MedlineTA = value; break;
            case PubMedNode.Volume: draft.Volume = value; break;
            case PubMedNode.Issue: draft.Issue = value; break;
            case PubMedNode.Year: draft.Year = value; break;
            case PubMedNode.Season: draft.Season = value; break;
            case PubMedNode.Month: draft.Month = value; break;
            case PubMedNode.Day: draft.Day = value; break;
            case PubMedNode.MedlineDate: draft.MedlineDate = value; break;
            case PubMedNode.MedlinePgn: draft.MedlinePgn = value; break;
            case PubMedNode.StartPage: draft.StartPage = value; break;
            case PubMedNode.EndPage: draft.EndPage = value; break;
            case PubMedNode.Language: draft.Language = value; break;
            case PubMedNode.LastName: author.LastName = PubMedRecordDraft.NullIfEmpty(value); break;
            case PubMedNode.ForeName: author.ForeName = PubMedRecordDraft.NullIfEmpty(value); break;
            case PubMedNode.Initials: author.Initials = PubMedRecordDraft.NullIfEmpty(value); break;
            case PubMedNode.CollectiveName: author.CollectiveName = NullIfEmpty(value); break;
            // 2013+ DTDs nest AffiliationInfo; older ones put Affiliation directly on the author.
            case PubMedNode.Affiliation when NullIfEmpty(value) is { } affiliation:
                (parent == PubMedNode.AffiliationInfo ? author.Nested : author.Direct).Add(affiliation);
                break;
            case PubMedNode.Author: draft.Authors.Add(author.Build()); break;
            case PubMedNode.PublicationType when parent == PubMedNode.BookDocument:
                draft.HasDirectPublicationType = true;
                draft.DirectPublicationType = NullIfEmpty(value);
                break;
            case PubMedNode.PublicationType when NullIfEmpty(value) is { } type: draft.PublicationTypes.Add(type); break;
            case PubMedNode.Keyword when NullIfEmpty(value) is { } keyword: draft.Keywords.Add(keyword); break;
            case PubMedNode.DescriptorName: mesh.Descriptor = value!.Trim(); break;
            case PubMedNode.QualifierName: mesh.Qualifiers.Add(new MeshQualifier(value!.Trim(), mesh.QualifierMajor)); break;
            case PubMedNode.MeshHeading when mesh.Descriptor is not null:
                draft.MeshTerms.Add(new MeshTerm(mesh.Descriptor, mesh.DescriptorMajor, mesh.Qualifiers));
                break;
            case PubMedNode.LinkPmid: link.Pmid = Identifiers.NormalizePmid(value); break;
            case PubMedNode.LinkRefSource: link.RefSource = PubMedRecordDraft.NullIfEmpty(value); break;
            case PubMedNode.CommentsCorrections:
                draft.Links.Add(new CitationLink(CitationLinks.TypeOf(link.RefType), link.RefType, link.Pmid, link.RefSource));
                break;
            case PubMedNode.ArticleId:
                // BookDocument's own ArticleIdList yields to PubmedBookData's, whichever comes first in the file.
                (nodes[depth - 2] == PubMedNode.BookDocument ? draft.DocumentIds : draft.Ids).TryAdd(articleIdType, value!.Trim());
                break;
            case PubMedNode.ELocationId: draft.ELocationDoi = value; break;
            // The legacy baseline has no PubmedData; PMC ids appear as OtherID "PMC4688405 [Available on 12/01/16]".
            case PubMedNode.OtherId when draft.OtherIdPmcid is null && value!.TrimStart().StartsWith("PMC", StringComparison.OrdinalIgnoreCase):
                draft.OtherIdPmcid = Identifiers.NormalizePmcid(value);
                break;
        }
    }

    // Flattened text is already folded; what is left is an empty element.
    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private sealed class AuthorDraft
    {
        public string? LastName;
        public string? ForeName;
        public string? Initials;
        public string? CollectiveName;
        public readonly List<string> Nested = [];
        public readonly List<string> Direct = [];

        public CitationAuthor Build() => new()
        {
            LastName = LastName,
            ForeName = ForeName,
            Initials = Initials,
            CollectiveName = CollectiveName,
            Affiliations = Direct.Count == 0 ? Nested : [.. Nested, .. Direct],
        };
    }

    private sealed class MeshDraft
    {
        public string? Descriptor;
        public bool DescriptorMajor;
        public bool QualifierMajor;
        public readonly List<MeshQualifier> Qualifiers = [];
    }

    private sealed class LinkDraft(string refType)
    {
        public string RefType => refType;
        public string? Pmid;
        public string? RefSource;
    }
}
