using EvSysReview.Extraction;
using EvSysReview.Ingestion;
using EvSysReview.Reviews;
using EvSysReview.RiskOfBias;
using EvSysReview.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.Synthesis;

namespace EvSysReview.Standalone;

/// <summary>
/// Every module in one process: the in-memory bus (unless RABBITMQ_URI is set), one SQLite file per
/// module under ./data, the web UI at /, and the same /api routes the gateway exposes.
/// </summary>
public static class StandaloneHost
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null) =>
        ServiceHost.Create(
            args,
            builder =>
            {
                builder.AddReviews();
                builder.AddIngestion();
                builder.AddScreening();
                builder.AddExtraction();
                builder.AddRiskOfBias();
                builder.AddSynthesis();
            },
            app =>
            {
                app.MapReviews();
                app.MapIngestion();
                app.MapScreening();
                app.MapExtraction();
                app.MapRiskOfBias();
                app.MapSynthesis();
            },
            builder =>
            {
                // The web UI ships beside the binaries; WebRoot lets a test or a packager point elsewhere.
                builder.Configuration["WebRoot"] ??= Path.Combine(AppContext.BaseDirectory, "wwwroot");
                configure?.Invoke(builder);
            });
}
