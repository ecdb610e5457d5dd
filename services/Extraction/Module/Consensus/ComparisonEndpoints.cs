using EvSysReview.Extraction.Core.Comparison;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Entries;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Consensus;

public static class ComparisonEndpoints
{
    public static readonly string[] ReaderRoles = [ProjectRoles.Reviewer, ProjectRoles.Methodologist];

    public sealed record ComparisonView(Guid StudyId, string Status, string? First, string? Second, int Count, IReadOnlyList<ExtractionDifference> Differences);

    public static RouteGroupBuilder MapComparison(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/comparison", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ReaderRoles);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, Guid studyId, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { Value: var task }) return EntryEndpoints.StudyNotFound(studyId);
        if (task.IsBlinded) return BlindedConflict(task);
        var (first, second) = await ExtractorEntriesAsync(repository, task, cancellationToken);
        var differences = first is not null && second is not null ? DualExtractionComparer.Compare(first.Value, second.Value) : [];
        var view = new ComparisonView(studyId, TaskHistory.Name(task.Status), first?.Value.ExtractorId, second?.Value.ExtractorId, differences.Count, differences);
        return TypedResults.Json(view, ExtractionJson.Options);
    }

    /// <summary>The entries of the first and second extractor, in the order they started.</summary>
    public static async Task<(Versioned<Core.Outcomes.ExtractionEntry>? First, Versioned<Core.Outcomes.ExtractionEntry>? Second)> ExtractorEntriesAsync(
        ExtractionRepository repository, StudyTask task, CancellationToken cancellationToken)
    {
        var entries = new List<Versioned<Core.Outcomes.ExtractionEntry>?>();
        foreach (var extractor in task.Extractors.Take(2))
            entries.Add(await repository.EntryAsync(task.ProjectId, task.StudyId, extractor, cancellationToken));
        return (entries.ElementAtOrDefault(0), entries.ElementAtOrDefault(1));
    }

    public static IResult BlindedConflict(StudyTask task) => Problems.Conflict(
        $"Extractions are blinded until all {task.Lifecycle.RequiredExtractions} are submitted ({task.Lifecycle.Submitted.Count} so far).", "studyId");
}
