using System.Text.RegularExpressions;
using EvSysReview.Ingestion.Citations.Text;

namespace EvSysReview.Ingestion.Citations.Medline;

/// <summary>Turns the fields of one MEDLINE record into a <see cref="CitationRecord"/>.</summary>
internal static partial class MedlineRecordMapper
{
    // MEDLINE tags for CommentsCorrections, by RefType.
    private static readonly Dictionary<string, CitationLinkType> LinkTags = new()
    {
        ["CIN"] = CitationLinkType.CommentIn, ["CON"] = CitationLinkType.CommentOn,
        ["EIN"] = CitationLinkType.ErratumIn, ["EFR"] = CitationLinkType.ErratumFor,
        ["RIN"] = CitationLinkType.RetractionIn, ["ROF"] = CitationLinkType.RetractionOf,
        ["PRIN"] = CitationLinkType.PartialRetractionIn, ["PROF"] = CitationLinkType.PartialRetractionOf,
        ["ECI"] = CitationLinkType.ExpressionOfConcernIn, ["ECF"] = CitationLinkType.ExpressionOfConcernFor,
        ["UIN"] = CitationLinkType.UpdateIn, ["UOF"] = CitationLinkType.UpdateOf,
        ["RPI"] = CitationLinkType.RepublishedIn, ["RPF"] = CitationLinkType.RepublishedFrom,
        ["RRI"] = CitationLinkType.ReprintIn, ["RRF"] = CitationLinkType.ReprintOf,
        ["SPIN"] = CitationLinkType.SummaryForPatientsIn, ["ORI"] = CitationLinkType.OriginalReportIn,
        ["CRI"] = CitationLinkType.CorrectedAndRepublishedIn, ["CRF"] = CitationLinkType.CorrectedAndRepublishedFrom,
    };

    public static CitationRecord Map(IReadOnlyList<TaggedField> fields, int recordIndex, int startLine)
    {

        var date = fields.FirstValue("DP");
        return new CitationRecord
        {
            SourceFormat = CitationFormat.Medline,
            RecordIndex = recordIndex,
            SourceLine = startLine,
            Pmid = Identifiers.NormalizePmid(fields.FirstValue("PMID")),
            Doi = TaggedDoi(fields.AllValues("AID").Concat(fields.AllValues("LID"))),
            Pmcid = Identifiers.NormalizePmcid(fields.FirstValue("PMC")),
            Title = fields.FirstValue("TI") ?? fields.FirstValue("BTI"),
            Abstract = fields.FirstValue("AB"),
            Authors = ReadAuthors(fields),
            Journal = fields.FirstValue("JT"),
            JournalIsoAbbreviation = fields.FirstValue("TA"),
            Volume = fields.FirstValue("VI"),
            Issue = fields.FirstValue("IP"),
            Pages = fields.FirstValue("PG"),
            Year = PublicationYear.Parse(date),
            PublicationDate = date,
            PublicationTypes = fields.AllValues("PT"),
            MeshTerms = fields.AllValues("MH").Select(ParseMesh).ToList(),
            Keywords = fields.AllValues("OT"),
            Language = fields.FirstValue("LA"),
            Links = fields.Where(f => LinkTags.ContainsKey(f.Tag)).Select(f =>
                new CitationLink(LinkTags[f.Tag], LinkTags[f.Tag].ToString(), LinkPmid(f.Value), f.Value)).ToList(),
        };
    }

    /// <summary>
    /// FAU starts a person and AU (initials form) belongs to it; CN is a group. AD after an author
    /// is that author's affiliation; AD before any author (older records) is the first author's.
    /// </summary>
    private static List<CitationAuthor> ReadAuthors(IReadOnlyList<TaggedField> fields)
    {
        var authors = new List<CitationAuthor>();
        var leadingAffiliations = new List<string>();
        var lastWasFullName = false;
        foreach (var field in fields)
        {
            switch (field.Tag)
            {
                case "FAU":
                    var (last, fore) = SplitName(field.Value, ',');
                    authors.Add(new CitationAuthor { LastName = last, ForeName = fore });
                    lastWasFullName = true;
                    break;
                case "AU" when lastWasFullName:
                    authors[^1] = authors[^1] with { Initials = SplitName(field.Value, ' ').Tail };
                    lastWasFullName = false;
                    break;
                case "AU":
                    var (surname, initials) = SplitName(field.Value, ' ');
                    authors.Add(new CitationAuthor { LastName = surname, Initials = initials });
                    break;
                case "CN":
                    authors.Add(new CitationAuthor { CollectiveName = field.Value });
                    lastWasFullName = false;
                    break;
                case "AD" when authors.Count == 0:
                    leadingAffiliations.Add(field.Value);
                    break;
                case "AD":
                    authors[^1] = authors[^1] with { Affiliations = [.. authors[^1].Affiliations, field.Value] };
                    break;
            }
        }
        if (leadingAffiliations.Count > 0 && authors.Count > 0)
            authors[0] = authors[0] with { Affiliations = [.. leadingAffiliations, .. authors[0].Affiliations] };
        return authors;
    }

    private static (string Head, string? Tail) SplitName(string value, char separator)
    {
        var at = separator == ' ' ? value.LastIndexOf(' ') : value.IndexOf(separator);
        return at < 0 ? (value.Trim(), null) : (value[..at].Trim(), NullIfEmpty(value[(at + 1)..].Trim()));
    }

    /// <summary>"Information Storage and Retrieval/*methods": '*' marks a major topic, '/' a qualifier.</summary>
    internal static MeshTerm ParseMesh(string value)
    {
        var parts = value.Split('/');
        var descriptor = parts[0].Trim();
        return new MeshTerm(
            descriptor.TrimStart('*'),
            descriptor.StartsWith('*'),
            parts.Skip(1).Select(q => new MeshQualifier(q.Trim().TrimStart('*'), q.TrimStart().StartsWith('*'))).ToList());
    }

    private static string? TaggedDoi(IEnumerable<string> articleIds) =>
        articleIds.Where(v => v.EndsWith("[doi]", StringComparison.OrdinalIgnoreCase))
            .Select(v => Identifiers.NormalizeDoi(v[..^5]))
            .FirstOrDefault(d => d is not null);

    private static string? LinkPmid(string value)
    {
        var match = PmidInCitation().Match(value);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [GeneratedRegex(@"PMID:\s*(\d+)")]
    private static partial Regex PmidInCitation();
}
