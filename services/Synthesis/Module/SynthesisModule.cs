using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Synthesis;

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
        app.MapGroup("/api/synthesis").WithTags("synthesis").MapProjectStatus<SynthesisModule>();
        return app;
    }
}
