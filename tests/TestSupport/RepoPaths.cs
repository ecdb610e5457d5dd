namespace EvSysReview.TestSupport;

public static class RepoPaths
{
    /// <summary>The repository root: the nearest folder above the test binaries holding EvSysReview.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>../shared/testdata beside the repository (read-only real files; see its SOURCES.md).</summary>
    public static string SharedTestData => Path.GetFullPath(Path.Combine(Root, "..", "shared", "testdata"));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EvSysReview.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException("EvSysReview.sln not found above " + AppContext.BaseDirectory);
    }
}
