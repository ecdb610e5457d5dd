using System.IO.Compression;
using EvSysReview.Screening.Core.Simulation;

namespace EvSysReview.Benchmarks.Screening;

/// <summary>Finds and reads the labelled datasets in ../shared/testdata/screening beside the repository.</summary>
internal static class ScreeningDatasets
{
    public static readonly string[] Ferdinands = ["Ferdinands2020_sim_ace", "Ferdinands2020_sim_nudging", "Ferdinands2020_sim_virus", "Ferdinands2020_sim_wilson"];

    public static string Folder
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Directory.Build.props")))
            {
                directory = directory.Parent;
            }

            return directory is null
                ? throw new DirectoryNotFoundException("No Directory.Build.props above " + AppContext.BaseDirectory)
                : Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "testdata", "screening"));
        }
    }

    /// <summary>"ace", "Ferdinands2020_sim_ace" or a file name all find the same set.</summary>
    public static string PathOf(string name)
    {
        var files = Directory.GetFiles(Folder);
        return files.FirstOrDefault(f => Path.GetFileName(f).Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? files.FirstOrDefault(f => StemOf(f).Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? files.FirstOrDefault(f => StemOf(f).EndsWith("_" + name, StringComparison.OrdinalIgnoreCase))
            ?? throw new FileNotFoundException($"No dataset '{name}' in {Folder}");
    }

    public static string StemOf(string path) => Path.GetFileName(path).Replace(".csv.gz", "").Replace(".csv", "");

    public static IReadOnlyList<LabelledCitation> Read(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        return LabelledDatasetCsv.Read(reader);
    }
}
