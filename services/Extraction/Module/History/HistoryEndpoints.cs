using System.Security.Claims;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Entries;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.History;

public static class HistoryEndpoints
{
    public static RouteGroupBuilder MapHistory(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/history", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <summary>
    /// Every change, oldest first. While extractions are blinded, the saves of other people's
    /// entries are left out (their values would unblind the caller); they appear once all are submitted.
    /// </summary>
    private static async Task<IResult> GetAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { Value: var task }) return EntryEndpoints.StudyNotFound(studyId);
        var own = HistoryRecord.EntrySubject(user.Username()!);
        var records = (await repository.HistoryAsync(projectId, studyId, cancellationToken))
            .Where(r => !task.IsBlinded || !r.Subject.StartsWith("entry:", StringComparison.Ordinal) || r.Subject == own);
        return TypedResults.Json(records, ExtractionJson.Options);
    }
}
