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
    public sealed record FormView(int ProtocolVersion, ExtractionMode Mode, bool Current, ExtractionForm Form);

    public static RouteGroupBuilder MapForm(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/form", GetAsync).RequireProjectRole<ExtractionModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }

    /// <param name="version">An older version of the project's form, to show an entry made with it.</param>
    private static async Task<IResult> GetAsync(Guid projectId, int? version, ExtractionRepository repository, CancellationToken cancellationToken)
    {
        var current = await repository.FormAsync(projectId, cancellationToken);
        var form = version is { } v ? ExtractionFormCatalog.BuiltIn.Find(current.FormId, v) : current.Form;
        if (form is null) return Problems.NotFound("version", $"Form {current.FormId} has no version {version}.");
        return TypedResults.Json(new FormView(current.ProtocolVersion, current.Mode, form.Version == current.FormVersion, form), ExtractionJson.Options);
    }
}
