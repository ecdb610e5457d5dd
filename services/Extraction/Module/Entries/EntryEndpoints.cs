using System.Security.Claims;
using EvSysReview.Extraction.Core.Audit;
using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Core.Validation;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Http;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.ServiceDefaults.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Entries;

/// <summary>
/// The caller's own entry for a study. Nobody reads another extractor's entry here: that is what
/// keeps dual extraction blinded. The first two distinct extractors to save an entry for a study
/// become its extractors (one in single-with-verification mode).
/// </summary>
public static class EntryEndpoints
{
    public static readonly string[] ExtractorRoles = [ProjectRoles.Reviewer, ProjectRoles.Methodologist];

    public static RouteGroupBuilder MapEntries(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/studies/{studyId:guid}/entries/me", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ExtractorRoles);
        group.MapPut("/projects/{projectId:guid}/studies/{studyId:guid}/entries/me", PutAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ExtractorRoles);
        group.MapPost("/projects/{projectId:guid}/studies/{studyId:guid}/submit", SubmitAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ExtractorRoles);
        return group;
    }

    private static async Task<IResult> GetAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } task) return StudyNotFound(studyId);
        if (await repository.EntryAsync(projectId, studyId, username, cancellationToken) is not { } entry)
            return Problems.NotFound("entry", $"You have no entry for study {studyId} yet; PUT one to start extracting.");
        EntityTags.Set(http, entry.Version);
        return TypedResults.Json(await EntryView.OfAsync(repository, projectId, entry.Value, task.Value, task.Value.Lifecycle.Submitted.Contains(username), cancellationToken), ExtractionJson.Options);
    }

    private static async Task<IResult> PutAsync(Guid projectId, Guid studyId, EntryRequest request, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } stored) return StudyNotFound(studyId);
        var existing = await repository.EntryAsync(projectId, studyId, username, cancellationToken);
        if (existing is not null && !EntityTags.HasIfMatch(http))
            return EntryProblems.IfMatchRequired($"You already have an entry for this study; send If-Match: {EntityTags.Of(existing.Version)} (its ETag when you read it) so this save cannot undo a change you have not seen.");
        if (EntityTags.IfMatchFails(http, existing?.Version))
            return Problems.PreconditionFailed(existing is null
                ? "You have no entry yet, so there is no version to match; send the first save without If-Match."
                : $"Your entry changed since you read it (now {EntityTags.Of(existing.Version)}); reload it and apply your edit again.");

        var task = stored.Value;
        var started = task;
        var starting = !task.Extractors.Contains(username);
        if (starting)
        {
            var start = ExtractionLifecycle.Apply(task.Lifecycle, new StartExtraction(username));
            if (!start.IsAllowed) return Problems.Conflict(start.Refusal!, "studyId");
            started = task with { Lifecycle = start.Task };
        }
        else if (!ExtractionLifecycle.CanEditOwnEntry(task.Lifecycle, username))
        {
            return Problems.Conflict(task.Lifecycle.Submitted.Contains(username)
                ? "You have submitted this entry; it can no longer be edited (corrections go through the consensus)."
                : $"Entries cannot be edited when the task is {TaskHistory.Name(task.Status)}.", "studyId");
        }

        if (request.ShapeErrors() is { Count: > 0 } shape) return EntryProblems.Invalid(shape);
        // An entry keeps the form version it was started with; a new one takes the project's current form.
        var projectForm = existing is null ? await repository.FormAsync(projectId, cancellationToken) : null;
        var formId = existing?.Value.FormId ?? projectForm!.FormId;
        var formVersion = existing?.Value.FormVersion ?? projectForm!.FormVersion;
        var entry = request.ToEntry(studyId.ToString(), formId, formVersion, username);
        var form = await repository.FormOfAsync(projectId, entry, cancellationToken);
        if (ExtractionEntryValidator.Validate(form, entry, ValidationStage.Draft) is { Count: > 0 } errors) return EntryProblems.Invalid(errors);

        var now = DateTimeOffset.UtcNow;
        var audit = EntryAuditDiff.Compute(existing?.Value, entry, username, now);
        if (existing is not null && audit.IsEmpty && !starting)
        {
            EntityTags.Set(http, existing.Version);
            return TypedResults.Json(await EntryView.OfAsync(repository, projectId, existing.Value, task, false, cancellationToken), ExtractionJson.Options);
        }

        var work = new UnitOfWork();
        ExtractionRepository.PutEntry(work, projectId, studyId, username, entry, existing?.Version ?? 0);
        if (starting)
        {
            ExtractionRepository.PutTask(work, started, stored.Version);
            TaskHistory.Add(work, projectId, TaskHistory.Step(task, started, "extractionStarted", username, now));
        }

        TaskHistory.Add(work, projectId, HistoryRecord.FromAudit(studyId, HistoryRecord.EntrySubject(username), "entrySaved", audit));
        await repository.CommitAsync(work, cancellationToken);
        var version = (existing?.Version ?? 0) + 1;
        EntityTags.Set(http, version);
        var view = await EntryView.OfAsync(repository, projectId, entry, started, false, cancellationToken);
        return existing is null
            ? TypedResults.Json(view, ExtractionJson.Options, statusCode: StatusCodes.Status201Created)
            : TypedResults.Json(view, ExtractionJson.Options);
    }

    private static async Task<IResult> SubmitAsync(Guid projectId, Guid studyId, ClaimsPrincipal user, ExtractionRepository repository, HttpContext http, CancellationToken cancellationToken)
    {
        var username = user.Username()!;
        if (await repository.TaskAsync(projectId, studyId, cancellationToken) is not { } stored) return StudyNotFound(studyId);
        if (await repository.EntryAsync(projectId, studyId, username, cancellationToken) is not { } entry)
            return Problems.Conflict("You have no entry for this study to submit.", "entry");
        if (EntityTags.IfMatchFails(http, entry.Version))
            return Problems.PreconditionFailed($"Your entry changed since you read it (now {EntityTags.Of(entry.Version)}); reload it before submitting.");

        var transition = ExtractionLifecycle.Apply(stored.Value.Lifecycle, new SubmitExtraction(username));
        if (!transition.IsAllowed) return Problems.Conflict(transition.Refusal!, "studyId");
        var form = await repository.FormOfAsync(projectId, entry.Value, cancellationToken);
        if (ExtractionEntryValidator.Validate(form, entry.Value, ValidationStage.Submission) is { Count: > 0 } errors) return EntryProblems.Invalid(errors);

        var submitted = stored.Value with { Lifecycle = transition.Task };
        var work = new UnitOfWork();
        ExtractionRepository.PutTask(work, submitted, stored.Version);
        // Written unchanged so a save racing this submit fails instead of changing a submitted entry.
        ExtractionRepository.PutEntry(work, projectId, studyId, username, entry.Value, entry.Version);
        TaskHistory.Add(work, projectId, TaskHistory.Step(stored.Value, submitted, "submitted", username, DateTimeOffset.UtcNow));
        await repository.CommitAsync(work, cancellationToken);
        return TypedResults.Json(TaskView.Of(submitted, username), ExtractionJson.Options);
    }

    internal static IResult StudyNotFound(Guid studyId) =>
        Problems.NotFound("studyId", $"No extraction task for study {studyId} in this project (it is created when the study is included).");
}
