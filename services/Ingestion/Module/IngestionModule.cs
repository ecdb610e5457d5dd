using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Ingestion;

public sealed class IngestionModule : IServiceModule
{
    public static string Name => "ingestion";
}

public static class IngestionModuleExtensions
{
    public static IHostApplicationBuilder AddIngestion(this IHostApplicationBuilder builder)
    {
        builder.AddModule<IngestionModule>();
        return builder;
    }

    public static WebApplication MapIngestion(this WebApplication app)
    {
        app.MapGroup("/api/ingestion").WithTags("ingestion").MapProjectStatus<IngestionModule>();
        return app;
    }
}
