using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.RiskOfBias;

public sealed class RiskOfBiasModule : IServiceModule
{
    public static string Name => "risk-of-bias";
}

public static class RiskOfBiasModuleExtensions
{
    public static IHostApplicationBuilder AddRiskOfBias(this IHostApplicationBuilder builder)
    {
        builder.AddModule<RiskOfBiasModule>();
        return builder;
    }

    public static WebApplication MapRiskOfBias(this WebApplication app)
    {
        app.MapGroup("/api/risk-of-bias").WithTags("risk-of-bias").MapProjectStatus<RiskOfBiasModule>();
        return app;
    }
}
