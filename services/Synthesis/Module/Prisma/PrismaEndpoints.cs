using EvSysReview.ServiceDefaults.Security;
using EvSysReview.Synthesis.Engine.Plots;
using EvSysReview.Synthesis.Plots;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Synthesis.Prisma;

/// <summary>PRISMA 2020 flow of a project: the counts as JSON and the diagram as SVG, for every member.</summary>
public static class PrismaEndpoints
{
    public static RouteGroupBuilder MapPrisma(this RouteGroupBuilder group)
    {
        group.MapGet("/projects/{projectId:guid}/prisma", async (Guid projectId, PrismaTally tally, CancellationToken cancellationToken) =>
            TypedResults.Ok(await tally.CountAsync(projectId, cancellationToken)))
            .RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        group.MapGet("/projects/{projectId:guid}/prisma.svg", async (Guid projectId, PrismaTally tally, CancellationToken cancellationToken) =>
            TypedResults.Text(PrismaFlowDiagram.Render((await tally.CountAsync(projectId, cancellationToken)).ToDiagram(), "PRISMA 2020 flow diagram"), PlotEndpoints.SvgContentType))
            .RequireProjectRole<SynthesisModule, RouteHandlerBuilder>(ProjectRoles.All);
        return group;
    }
}
