using System.IO.Compression;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Screening.Core.Tests.Simulation;

/// <summary>The labelled datasets in ../shared/testdata/screening, beside the repository root.</summary>
internal static class ScreeningTestData
{
    public static IReadOnlyList<LabelledCitation> Read(string fileName)
    {
        var path = Path.Combine(Folder(), fileName);
        using var file = File.OpenRead(path);
        using Stream stream = fileName.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return LabelledDatasetCsv.Read(reader);
    }

    private static string Folder()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("Directory.Build.props not found"), "..", "shared", "testdata", "screening");
    }
}
