using EvSysReview.ServiceDefaults;
using EvSysReview.Synthesis.MetaAnalyses;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Synthesis;

/// <summary>Evidence synthesis: the stateless meta-analysis API, the living synthesis per project, plots and PRISMA (docs/synthesis.md).</summary>
public sealed class SynthesisModule : IServiceModule
{
    public static string Name => "synthesis";
}

public static class SynthesisModuleExtensions
{
    public static IHostApplicationBuilder AddSynthesis(this IHostApplicationBuilder builder)
    {
        builder.AddModule<SynthesisModule>();
        return builder;
    }

    public static WebApplication MapSynthesis(this WebApplication app)
    {
        app.MapGroup("/api/synthesis").WithTags("synthesis")
            .MapProjectStatus<SynthesisModule>()
            .MapMetaAnalyses();
        return app;
    }
}
