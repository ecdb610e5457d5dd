using EvSysReview.ServiceDefaults;
using EvSysReview.Synthesis.Engine;
using EvSysReview.Synthesis.Engine.Models;
using EvSysReview.Synthesis.Engine.Moderators;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EvSysReview.Synthesis.MetaAnalyses;

/// <summary>
/// POST /meta-analyses: a stateless calculator. It reads and writes no project, so any signed-in
/// user may call it (the fallback policy still requires a valid token).
/// </summary>
public static class MetaAnalysisEndpoints
{
    public static RouteGroupBuilder MapMetaAnalyses(this RouteGroupBuilder group)
    {
        group.MapPost("/meta-analyses", Fit).WithName("FitMetaAnalysis");
        return group;
    }

    private static IResult Fit(MetaAnalysisRequest? request)
    {
        if (request is null) return Problems.Validation("body", "A JSON body with measure, method, test and studies is required.");
        var (input, errors) = MetaAnalysisRequestReader.Read(request);
        if (input is null) return Refusal(errors);

        try
        {
            var (pooled, halved) = ModelFitting.Fit(input.Options, o => MetaAnalysis.Fit(input.Studies, o));
            var result = PooledEstimate.From(pooled, input.Measure, halved);
            if (input.Moderators.Count > 0)
            {
                var (regression, halvedRegression) = ModelFitting.Fit(input.Options, o => MetaRegression.Fit(input.Studies, input.Moderators, o));
                result = result with { Moderation = ModerationResult.From(regression, halvedRegression) };
            }

            return TypedResults.Ok(result);
        }
        catch (MetaAnalysisException e)
        {
            var field = MetaAnalysisRequestReader.FieldOf(e, request);
            // Bad or too few data are the caller's to fix (400); a model that does not converge even
            // with half steps, or a statistic left undefined by valid data, is not (422).
            return e.Kind is MetaAnalysisFailure.NotConverged or MetaAnalysisFailure.Undefined
                ? Problems.Problem(StatusCodes.Status422UnprocessableEntity, "Model cannot be fitted", e.Message, field)
                : Problems.Validation(field, e.Message);
        }
    }

    private static IResult Refusal(Dictionary<string, string[]> errors) =>
        errors.Count == 1 && errors.Single().Value.Length == 1
            ? Problems.Validation(errors.Single().Key, errors.Single().Value[0])
            : Problems.Validation(errors);
}
