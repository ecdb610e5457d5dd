using System.Diagnostics;

namespace EvSysReview.Benchmarks.Living;

/// <summary>A command-line tool run to its end (wrk, nginx): its output, or why it failed.</summary>
public static class ExternalTool
{
    /// <summary>The tool's standard output; a non-zero exit throws with its standard error.</summary>
    public static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {arguments} exited {process.ExitCode}: {await error}");
        return await output;
    }
}
