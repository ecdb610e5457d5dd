using System.Text.Json;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Reviews.Projects;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Reviews.Protocols;

internal static class ProtocolEvents
{
    public static ProtocolPublished Published(Project project, Guid correlationId) => new()
    {
        ProjectId = project.Id,
        Version = project.CurrentProtocol.Version,
        Protocol = JsonSerializer.Serialize(project.CurrentProtocol.Protocol, StoreJson.Options),
        AmendmentNote = project.CurrentProtocol.AmendmentNote,
        CorrelationId = correlationId,
    };
}
