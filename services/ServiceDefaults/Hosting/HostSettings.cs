using EvSysReview.ServiceDefaults.Messaging;
using EvSysReview.ServiceDefaults.Security;

namespace EvSysReview.ServiceDefaults;

/// <summary>
/// The settings a distributed deployment must give each host (environment variable spelling). The
/// compose-file test checks docker-compose.yml against these lists, so adding a setting here and
/// forgetting the deployment fails a test. The signing key and the operators must be the same on
/// every host: a token one host accepts, or an operator it knows, another must too.
/// </summary>
public static class HostSettings
{
    public static IReadOnlyList<string> Service { get; } =
    [
        BusSettings.RabbitMqUriVariable,
        ModuleRegistration.MongoUriVariable,
        "Auth__Issuer",
        "Auth__Audience",
        "Auth__SigningKey",
        OperatorSettings.FirstOperatorVariable,
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_SERVICE_NAME",
        "ASPNETCORE_URLS",
    ];

    /// <summary>The gateway also needs each cluster's address: ReverseProxy__Clusters__{name}__Destinations__primary__Address.</summary>
    public static IReadOnlyList<string> Gateway { get; } =
    [
        BusSettings.RabbitMqUriVariable,
        "Auth__Issuer",
        "Auth__Audience",
        "Auth__SigningKey",
        OperatorSettings.FirstOperatorVariable,
        "OTEL_EXPORTER_OTLP_ENDPOINT",
        "OTEL_SERVICE_NAME",
        "ASPNETCORE_URLS",
    ];
}
