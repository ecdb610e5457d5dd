using System.Globalization;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Synthesis.Versions;

/// <summary>
/// The living synthesis, read-only for every member (observers included): the current or a given
/// version's analyses, the list of versions, and the difference between two versions.
/// </summary>
public static class VersionEndpoints
{
    public static RouteGroupBuilder MapVersions(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/analyses", AnalysesAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/analyses/{analysisId}", AnalysisAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/versions", VersionsAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/versions/{a}/diff/{b}", DiffAsync).RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    private static async Task<IResult> AnalysesAsync(Guid projectId, string? version, VersionRepository versions, CancellationToken cancellationToken)
    {
        var (found, refusal) = await ChosenAsync(projectId, version, versions, cancellationToken);
        if (refusal is not null) return refusal;
        return TypedResults.Ok(found is null
            ? new VersionView(projectId, 0, null, "", ["No synthesis yet: no outcome has 2 included studies with a final extraction."], 0, [])
            : VersionView.Of(found));
    }

    private static async Task<IResult> AnalysisAsync(Guid projectId, string analysisId, string? version, VersionRepository versions, CancellationToken cancellationToken)
    {
        var (found, refusal) = await ChosenAsync(projectId, version, versions, cancellationToken);
        if (refusal is not null) return refusal;
        var analysis = found?.Analyses.FirstOrDefault(a => a.Id == analysisId);
        return analysis is null
            ? Problems.NotFound("analysisId", $"No analysis '{analysisId}' in {(found is null ? "this project (no version yet)" : $"version {found.Version}")}.")
            : TypedResults.Ok(analysis);
    }

    private static async Task<IResult> VersionsAsync(Guid projectId, VersionRepository versions, CancellationToken cancellationToken) =>
        TypedResults.Ok((await versions.ListAsync(projectId, cancellationToken))
            .Select(v => new { v.Version, v.CreatedAt, v.Cause, v.Summary, v.ProtocolVersion, analyses = v.Analyses.Count }));

    private static async Task<IResult> DiffAsync(Guid projectId, string a, string b, VersionRepository versions, CancellationToken cancellationToken)
    {
        if (!TryVersion(a, out var from)) return Problems.Validation("a", $"'{a}' is not a version number.");
        if (!TryVersion(b, out var to)) return Problems.Validation("b", $"'{b}' is not a version number.");
        var before = await versions.FindAsync(projectId, from, cancellationToken);
        var after = await versions.FindAsync(projectId, to, cancellationToken);
        if (before is null) return Problems.NotFound("a", $"No version {from} of this synthesis.");
        if (after is null) return Problems.NotFound("b", $"No version {to} of this synthesis.");
        return TypedResults.Ok(VersionDiff.Between(from, before.Analyses, to, after.Analyses));
    }

    /// <summary>?version=N, or the current version (null before the first).</summary>
    internal static async Task<(SynthesisVersion? Version, IResult? Refusal)> ChosenAsync(Guid projectId, string? version, VersionRepository versions, CancellationToken cancellationToken)
    {
        if (version is null) return (await versions.CurrentAsync(projectId, cancellationToken), null);
        if (!TryVersion(version, out var number)) return (null, Problems.Validation("version", $"'{version}' is not a version number."));
        var found = await versions.FindAsync(projectId, number, cancellationToken);
        return found is null ? (null, Problems.NotFound("version", $"No version {number} of this synthesis.")) : (found, null);
    }

    private static bool TryVersion(string text, out int version) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out version) && version > 0;
}

/// <summary>A version as GET .../analyses returns it.</summary>
public sealed record VersionView(Guid ProjectId, int Version, DateTimeOffset? CreatedAt, string Cause, IReadOnlyList<string> Summary, int ProtocolVersion, IReadOnlyList<Analysis> Analyses)
{
    public static VersionView Of(SynthesisVersion v) => new(v.ProjectId, v.Version, v.CreatedAt, v.Cause, v.Summary, v.ProtocolVersion, v.Analyses);
}
