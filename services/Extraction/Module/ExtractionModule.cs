using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Extraction;

public sealed class ExtractionModule : IServiceModule
{
    public static string Name => "extraction";
}

public static class ExtractionModuleExtensions
{
    public static IHostApplicationBuilder AddExtraction(this IHostApplicationBuilder builder)
    {
        builder.AddModule<ExtractionModule>();
        return builder;
    }

    public static WebApplication MapExtraction(this WebApplication app)
    {
        app.MapGroup("/api/extraction").WithTags("extraction").MapProjectStatus<ExtractionModule>();
        return app;
    }
}
