using EvSysReview.Contracts.Screening;
using EvSysReview.RiskOfBias.Assessments;
using EvSysReview.RiskOfBias.Consensus;
using EvSysReview.RiskOfBias.Export;
using EvSysReview.RiskOfBias.Plots;
using EvSysReview.RiskOfBias.Protocols;
using EvSysReview.RiskOfBias.Tools;
using EvSysReview.RiskOfBias.Weights;
using EvSysReview.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EvSysReview.RiskOfBias;

/// <summary>Risk-of-bias assessments: dual blinded assessment, consensus, plots and export (docs/risk-of-bias.md).</summary>
public sealed class RiskOfBiasModule : IServiceModule
{
    public static string Name => "risk-of-bias";
}

public static class RiskOfBiasModuleExtensions
{
    public static IHostApplicationBuilder AddRiskOfBias(this IHostApplicationBuilder builder)
    {
        builder.AddModule<RiskOfBiasModule>();
        builder.AddConsumer<RiskOfBiasModule, ProtocolPublishedConsumer>();
        builder.AddConsumer<RiskOfBiasModule, StudyIncludedConsumer>();
        builder.AddConsumer<RiskOfBiasModule, StudyWithdrawnConsumer>();
        // Until this version every StudyExcluded came here, most of them of records never included.
        builder.RetireConsumer<RiskOfBiasModule, StudyExcluded>("StudyExcludedConsumer");
        builder.AddConsumer<RiskOfBiasModule, ExtractionFinalizedConsumer>();
        builder.Services.AddScoped<AssessmentRepository>();
        return builder;
    }

    public static WebApplication MapRiskOfBias(this WebApplication app)
    {
        var group = app.MapGroup("/api/risk-of-bias").WithTags("risk-of-bias");
        group.AddEndpointFilter(Http.ViolationFilter);
        group.MapProjectStatus<RiskOfBiasModule>()
            .MapAssessments()
            .MapConsensus()
            .MapPlots()
            .MapExport()
            .MapTools();
        return app;
    }
}
