using EvSysReview.Contracts.Screening;
using EvSysReview.Extraction.Consensus;
using EvSysReview.Extraction.Entries;
using EvSysReview.Extraction.Export;
using EvSysReview.Extraction.Finalisation;
using EvSysReview.Extraction.Forms;
using EvSysReview.Extraction.History;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.Extraction;

/// <summary>Extraction tasks, per-extractor entries, consensus, finalised outcome data (docs/extraction.md).</summary>
public sealed class ExtractionModule : IServiceModule
{
    public static string Name => "extraction";
}

public static class ExtractionModuleExtensions
{
    public static IHostApplicationBuilder AddExtraction(this IHostApplicationBuilder builder)
    {
        builder.AddModule<ExtractionModule>();
        builder.Services.AddScoped<ExtractionRepository>();
        builder.AddConsumer<ExtractionModule, ProtocolPublishedConsumer>();
        builder.AddConsumer<ExtractionModule, StudyIncludedConsumer>();
        builder.AddConsumer<ExtractionModule, StudyWithdrawnConsumer>();
        // Until this version every StudyExcluded came here, most of them of records never included.
        builder.RetireConsumer<ExtractionModule, StudyExcluded>("StudyExcludedConsumer");
        return builder;
    }

    public static WebApplication MapExtraction(this WebApplication app)
    {
        app.MapGroup("/api/extraction").WithTags("extraction")
            .MapProjectStatus<ExtractionModule>()
            .MapForm()
            .MapTasks()
            .MapEntries()
            .MapComparison()
            .MapConsensus()
            .MapFinalisation()
            .MapHistory()
            .MapExport();
        return app;
    }
}
