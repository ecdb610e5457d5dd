using EvSysReview.Screening.Conflicts;
using EvSysReview.Screening.Decisions;
using EvSysReview.Screening.Items;
using EvSysReview.Screening.Protocol;
using EvSysReview.Screening.Queue;
using EvSysReview.Screening.Ranking;
using EvSysReview.Screening.Statistics;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Screening;

/// <summary>Screening items per stage, blinded decisions, conflicts, statistics, ranking (docs/screening.md).</summary>
public sealed class ScreeningModule : IServiceModule
{
    public static string Name => "screening";
}

public static class ScreeningModuleExtensions
{
    public static IHostApplicationBuilder AddScreening(this IHostApplicationBuilder builder)
    {
        builder.AddModule<ScreeningModule>();
        var services = builder.Services;
        services.AddScoped<ScreeningRepository>();
        services.AddScoped<ItemCommands>();
        services.AddScoped<ProjectRanking>();
        services.AddSingleton<ScreeningQueues>();
        services.AddSingleton<SettingsMirror>();
        services.AddSingleton<HighlightCache>();
        services.AddSingleton<RankingSignal>();
        services.AddSingleton<FeatureSpaces>();
        services.AddSingleton<KeptCalibrations>();
        services.AddSingleton<TermScores>();
        services.AddOptions<RankingWorkerOptions>().BindConfiguration("Screening:Ranking");
        services.AddOptions<ScreeningEventOptions>().BindConfiguration("Screening:Events");
        services.AddHostedService<RankingWorker>();
        builder.AddConsumer<ScreeningModule, ProtocolPublishedConsumer>();
        builder.AddConsumer<ScreeningModule, CitationImportedConsumer>();
        builder.AddConsumer<ScreeningModule, CitationRetractedConsumer>();
        return builder;
    }

    public static WebApplication MapScreening(this WebApplication app)
    {
        app.MapGroup("/api/screening").WithTags("screening")
            .MapProjectStatus<ScreeningModule>()
            .MapNext()
            .MapItems()
            .MapDecisions()
            .MapConflicts()
            .MapStatistics()
            .MapAutomation();
        return app;
    }
}
