using EvSysReview.ServiceDefaults.Diagnostics;
using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;
using MassTransit.Logging;
using MassTransit.Monitoring;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace EvSysReview.ServiceDefaults;

public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// What every host needs: OpenTelemetry (ASP.NET Core, HttpClient, MassTransit), health checks,
    /// RFC 7807 problem details, token validation, and the Idempotency-Key store.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder)
    {
        builder.AddTelemetry();
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.TraceId.ToString() ?? context.HttpContext.TraceIdentifier;
            // Minimal APIs refuse a JSON body sent under another Content-Type with a bare 415 (even
            // with ThrowOnBadRequest): say which field and what to send.
            if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType && !context.ProblemDetails.Extensions.ContainsKey("field"))
            {
                context.ProblemDetails.Extensions["field"] = "Content-Type";
                context.ProblemDetails.Detail ??= $"Content-Type '{context.HttpContext.Request.ContentType}' is not accepted here; send the body as application/json.";
            }
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Minimal APIs throw what they cannot bind (bad JSON, a query value of the wrong type) only
        // when asked; otherwise, outside Development, they answer a bare 400 that says nothing of
        // which field or why. Thrown, ProblemExceptionHandler names both.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase)));
        builder.AddTokenValidation();
        builder.Services.AddSingleton(builder.Configuration.GetSection(IdempotencyOptions.Section).Get<IdempotencyOptions>() ?? new IdempotencyOptions());
        builder.AddModuleStore<IdempotencyModule>(new Storage.Retention.ExpiringCollection(IdempotencyRecord.Collection, retention => retention.IdempotencyKeys));
        return builder;
    }

    public static void AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(InstrumentationOptions.MeterName, MessagingTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(DiagnosticHeaders.DefaultListenerName, MessagingTelemetry.Name)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation());
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }
    }

    /// <summary>
    /// Serves the web UI from WebRoot (configuration) or the host's wwwroot, when there is one. The
    /// UI is public (it holds no data; every API call it makes carries the user's token), so call
    /// this before authentication: the authorisation fallback would otherwise refuse the page itself.
    /// </summary>
    public static WebApplication UseWebUi(this WebApplication app)
    {
        var webRoot = app.Configuration["WebRoot"] ?? app.Environment.WebRootPath;
        if (webRoot is null || !Directory.Exists(webRoot)) return app;
        var files = new PhysicalFileProvider(webRoot);
        // Only for what is not an API call: on /api/... the two middlewares would look the path up on
        // disk (a directory and a file lookup) for every request the gateway forwards.
        app.UseWhen(context => !context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase), ui =>
        {
            ui.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            ui.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        });
        return app;
    }

    /// <summary>/health/live (the process runs) and /health/ready (its store and broker answer; details to operators only, <see cref="HealthResponse"/>), plus the pipeline pieces every host shares.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.UseServerTiming(ServerTiming.App);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebUi();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseMiddleware<ProjectAccessMiddleware>();
        app.UseMiddleware<IdempotencyMiddleware>();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = check => check.Tags.Contains("live") }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        return app;
    }
}
