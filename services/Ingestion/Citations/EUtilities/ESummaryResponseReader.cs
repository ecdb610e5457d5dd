using System.Xml.Linq;

namespace EvSysReview.Ingestion.Citations.EUtilities;

/// <summary>The few ESummary fields the poller uses to show what is coming before EFetch.</summary>
public sealed record ESummaryDocument(string Id, string? Title, string? PubDate, string? Source, string? Doi);

public sealed record ESummaryResponse(IReadOnlyList<ESummaryDocument> Documents, EUtilitiesError? Error);

/// <summary>Reads ESummary version 1 (DocSum/Item) and 2.0 (DocumentSummarySet), and its &lt;ERROR&gt; body.</summary>
public static class ESummaryResponseReader
{
    public static ESummaryResponse Read(Stream input) => Interpret(EUtilitiesXml.Load(input));

    public static async Task<ESummaryResponse> ReadAsync(Stream input, CancellationToken cancellationToken = default) =>
        Interpret(await EUtilitiesXml.LoadAsync(input, cancellationToken).ConfigureAwait(false));

    private static ESummaryResponse Interpret((XElement? Root, EUtilitiesError? Error) loaded)
    {
        if (loaded.Error is not null) return new ESummaryResponse([], loaded.Error);
        var root = loaded.Root!;
        if (EUtilitiesXml.ExpectRoot(root, "eSummaryResult") is { } wrongRoot) return new ESummaryResponse([], wrongRoot);

        var version1 = root.Elements("DocSum").Select(d =>
        {
            string? Item(string name) => d.Elements("Item").FirstOrDefault(i => (string?)i.Attribute("Name") == name)?.Value.Trim();
            var doi = d.Elements("Item").FirstOrDefault(i => (string?)i.Attribute("Name") == "ArticleIds")
                ?.Elements("Item").FirstOrDefault(i => (string?)i.Attribute("Name") == "doi")?.Value;
            return new ESummaryDocument(d.Element("Id")!.Value.Trim(), Item("Title"), Item("PubDate"), Item("Source"), Identifiers.NormalizeDoi(doi));
        });
        var version2 = root.Elements("DocumentSummarySet").Elements("DocumentSummary").Select(d =>
        {
            var doi = d.Element("ArticleIds")?.Elements("ArticleId").FirstOrDefault(a => a.Element("IdType")?.Value == "doi")?.Element("Value")?.Value;
            return new ESummaryDocument((string?)d.Attribute("uid") ?? "", d.Element("Title")?.Value.Trim(), d.Element("PubDate")?.Value.Trim(),
                d.Element("Source")?.Value.Trim(), Identifiers.NormalizeDoi(doi));
        });
        return new ESummaryResponse(version1.Concat(version2).ToList(), null);
    }
}
