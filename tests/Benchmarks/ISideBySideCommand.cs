namespace EvSysReview.Benchmarks;

/// <summary>
/// A command that times our code and prints figures next to a reference (metafor, Biopython,
/// published ASReview results). Scripts call it through `dotnet run -- name args`.
/// </summary>
public interface ISideBySideCommand
{
    string Name { get; }

    int Run(string[] args);
}
