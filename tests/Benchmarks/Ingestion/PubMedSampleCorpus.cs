using System.Text;
using System.Text.RegularExpressions;

namespace EvSysReview.Benchmarks.Ingestion;

/// <summary>
/// Builds large PubMed XML files by repeating the real efetch samples in ../shared/testdata/pubmed
/// (every PubmedArticle and PubmedBookArticle). The DOCTYPE names pubmed_190101.dtd, which
/// Biopython ships, so it parses offline. Left out: the legacy baseline and the two 2013-DTD
/// Eutils-JSON article samples, whose Author-level Affiliation Bio.Entrez.read rejects under the
/// 2019 DTD ("Unexpected item 'Affiliation' in dictionary").
/// </summary>
internal static partial class PubMedSampleCorpus
{
    public static string TestDataDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Build.props")))
                return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
        }
        throw new InvalidOperationException("repository root not found");
    }

    public static IReadOnlyList<string> Articles()
    {
        var dir = Path.Combine(TestDataDirectory(), "pubmed");
        var articles = new List<string>();
        string[] biopythonRejects = ["eutilsjson_efetch.pubmed.xml", "eutilsjson_efetch.pubmedexample.xml"];
        foreach (var file in Directory.GetFiles(dir, "*.xml").Order().Where(f => !biopythonRejects.Contains(Path.GetFileName(f))))
        {
            var text = File.ReadAllText(file);
            articles.AddRange(ArticlePattern().Matches(text).Select(m => m.Value));
        }
        return articles;
    }

    /// <summary>Writes at least <paramref name="bytes"/> of PubmedArticleSet; returns the record count.</summary>
    public static int Write(string path, long bytes)
    {
        var articles = Articles();
        using var writer = new StreamWriter(path, false, new UTF8Encoding(false));
        writer.Write("<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st January 2019//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_190101.dtd\">\n<PubmedArticleSet>\n");
        var count = 0;
        while (writer.BaseStream.Position < bytes)
        {
            foreach (var article in articles)
            {
                writer.Write(article);
                writer.Write('\n');
                count++;
            }
            writer.Flush();
        }
        writer.Write("</PubmedArticleSet>\n");
        return count;
    }

    [GeneratedRegex(@"<(PubmedArticle|PubmedBookArticle)>.*?</\1>", RegexOptions.Singleline)]
    private static partial Regex ArticlePattern();
}
