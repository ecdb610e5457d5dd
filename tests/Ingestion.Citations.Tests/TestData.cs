namespace EvSysReview.Ingestion.Citations.Tests;

/// <summary>Finds the shared real test files (../shared/testdata beside the repository).</summary>
internal static class TestData
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    public static string Path(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(RepositoryRoot, "..", "shared", "testdata", relative));

    public static string ReferencePath(string file) =>
        System.IO.Path.Combine(RepositoryRoot, "tests", "Ingestion.Citations.Tests", "reference", file);

    /// <summary>A JSON file of expected values printed by a script in reference/.</summary>
    public static System.Text.Json.JsonElement Reference(string file) =>
        System.Text.Json.JsonDocument.Parse(File.ReadAllText(ReferencePath(file))).RootElement;

    /// <summary>The test-data files a reference JSON covers (its top-level keys).</summary>
    public static TheoryData<string> FilesIn(System.Text.Json.JsonElement reference)
    {
        var data = new TheoryData<string>();
        foreach (var file in reference.EnumerateObject()) data.Add(file.Name);
        return data;
    }

    public static Stream Open(string relative) => CompressedInput.OpenPossiblyGzipped(File.OpenRead(Path(relative)));

    public static List<CitationReadResult> ReadAll(ICitationReader reader, string relative)
    {
        using var stream = Open(relative);
        return reader.Read(stream).ToList();
    }

    public static List<CitationRecord> Records(ICitationReader reader, string relative)
    {
        var results = ReadAll(reader, relative);
        Assert.All(results, r => Assert.True(r.IsRecord, r.Error?.Reason));
        return results.Select(r => r.Record!).ToList();
    }

    public static List<CitationReadResult> ReadText(ICitationReader reader, string text)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        return reader.Read(stream).ToList();
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "EvSysReview.sln"))
                || File.Exists(System.IO.Path.Combine(dir.FullName, "Directory.Build.props")))
                return dir.FullName;
        }
        throw new InvalidOperationException("repository root (EvSysReview.sln or Directory.Build.props) not found above " + AppContext.BaseDirectory);
    }
}
