using EvSysReview.Contracts.Screening;
using EvSysReview.ServiceDefaults;
using EvSysReview.Synthesis.Evidence;
using EvSysReview.Synthesis.MetaAnalyses;
using EvSysReview.Synthesis.Plots;
using EvSysReview.Synthesis.Prisma;
using EvSysReview.Synthesis.Versions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
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

        // The evidence: what the synthesis knows of each study and of the protocol's plan.
        builder.AddConsumer<SynthesisModule, ProtocolPublishedConsumer>();
        builder.AddConsumer<SynthesisModule, StudyIncludedConsumer>();
        builder.AddConsumer<SynthesisModule, StudyExcludedConsumer>();
        builder.AddConsumer<SynthesisModule, ExtractionFinalizedConsumer>();
        builder.AddConsumer<SynthesisModule, ExtractionReopenedConsumer>();
        builder.AddConsumer<SynthesisModule, RiskOfBiasAssessedConsumer>();
        builder.AddConsumer<SynthesisModule, RiskOfBiasReopenedConsumer>();
        builder.AddConsumer<SynthesisModule, CitationRetractedConsumer>();

        // PRISMA: identification and screening facts per record.
        builder.AddConsumer<SynthesisModule, CitationImportedConsumer>();
        builder.AddConsumer<SynthesisModule, DuplicateDetectedConsumer>();
        builder.AddConsumer<SynthesisModule, ImportCompletedConsumer>();
        builder.AddConsumer<SynthesisModule, ConflictResolvedConsumer>();
        builder.AddConsumer<SynthesisModule, RecordAdvancedConsumer>();

        // Every final decision has its own event (StudyExcluded, RecordAdvanced, StudyIncluded,
        // ConflictResolved); a reviewer's DecisionRecorded added nothing the counts use, at the
        // price of a second delivery per decision (docs/synthesis.md, "Which events feed PRISMA").
        builder.RetireConsumer<SynthesisModule, DecisionRecorded>("DecisionRecordedConsumer");

        var services = builder.Services;
        services.AddOptions<RecomputeSettings>().BindConfiguration(RecomputeSettings.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<RecomputeSignal>();
        services.AddSingleton<EvidenceChange>();
        services.AddSingleton<PrismaRecordChange>();
        services.AddScoped<ProjectRecomputation>();
        services.AddScoped<VersionRepository>();
        services.AddScoped<PrismaTally>();
        services.AddHostedService<RecomputeWorker>();
        return builder;
    }

    public static WebApplication MapSynthesis(this WebApplication app)
    {
        app.MapGroup("/api/synthesis").WithTags("synthesis")
            .MapProjectStatus<SynthesisModule>()
            .MapMetaAnalyses()
            .MapVersions()
            .MapPlots()
            .MapPrisma();
        return app;
    }
}
