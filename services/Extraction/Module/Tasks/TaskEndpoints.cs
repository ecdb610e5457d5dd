using System.Security.Claims;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.History;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Tasks;

public static class TaskEndpoints
{
    public static RouteGroupBuilder MapTasks(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/tasks", ListAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <param name="assignedTo">"me": only studies the caller extracts.</param>
    /// <param name="status">A task status (taskCreated, inProgress, allSubmitted, consensus, finalised, reopened, withdrawn).</param>
    private static async Task<IResult> ListAsync(Guid projectId, string? assignedTo, string? status, ClaimsPrincipal user, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        if (assignedTo is not (null or "" or "me")) return Problems.Validation("assignedTo", "Only assignedTo=me is supported.");
        ExtractionStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            wanted = Enum.GetValues<ExtractionStatus>().Cast<ExtractionStatus?>().FirstOrDefault(s => TaskHistory.Name(s!.Value) == status);
            if (wanted is null) return Problems.Validation("status", $"Unknown status '{status}'; one of: {string.Join(", ", Enum.GetValues<ExtractionStatus>().Select(TaskHistory.Name))}.");
        }

        var username = user.Username()!;
        var tasks = (await repository.TasksAsync(projectId, cancellationToken))
            .Where(t => assignedTo != "me" || t.Extractors.Contains(username))
            .Where(t => wanted is null || t.Status == wanted)
            .OrderBy(t => t.StudyLabel, StringComparer.Ordinal)
            .Select(t => TaskView.Of(t, username));
        return TypedResults.Json(tasks, ExtractionJson.Options);
    }
}
