using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EvSysReview.ServiceDefaults.Messaging;

public static class MessagingTelemetry
{
    public const string Name = "EvSysReview.Messaging";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);
}
