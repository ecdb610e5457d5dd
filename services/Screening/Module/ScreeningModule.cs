using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Screening;

public sealed class ScreeningModule : IServiceModule
{
    public static string Name => "screening";
}

public static class ScreeningModuleExtensions
{
    public static IHostApplicationBuilder AddScreening(this IHostApplicationBuilder builder)
    {
        builder.AddModule<ScreeningModule>();
        return builder;
    }

    public static WebApplication MapScreening(this WebApplication app)
    {
        app.MapGroup("/api/screening").WithTags("screening").MapProjectStatus<ScreeningModule>();
        return app;
    }
}
