using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.ServiceDefaults;
using EvSysReview.ServiceDefaults.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Extraction.Forms;

public static class FormEndpoints
{
    /// <param name="Notes">Why the protocol's own form could not be used, when it could not.</param>
    public sealed record FormView(int ProtocolVersion, ExtractionMode Mode, bool Current, ExtractionForm Form, IReadOnlyList<string> Notes);

    public static RouteGroupBuilder MapForm(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/form", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <param name="formId">The form an entry was made with (its formId), when not the project's current one.</param>
    /// <param name="version">An older version of that form, to show an entry made with it.</param>
    private static async Task<IResult> GetAsync(Guid projectId, string? formId, int? version, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        var current = await repository.FormAsync(projectId, cancellationToken);
        var id = string.IsNullOrEmpty(formId) ? current.FormId : formId;
        var form = await repository.FindFormAsync(projectId, id, version ?? (id == current.FormId ? current.FormVersion : 1), cancellationToken);
        if (form is null) return Problems.NotFound(version is null ? "formId" : "version", $"This project has no form {id}{(version is null ? "" : $" version {version}")}.");
        var isCurrent = form.FormId == current.FormId && form.Version == current.FormVersion;
        return TypedResults.Json(new FormView(current.ProtocolVersion, current.Mode, isCurrent, form, current.Notes), ExtractionJson.Options);
    }
}
