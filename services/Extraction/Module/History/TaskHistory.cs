using System.Text.Json.Nodes;
using EvSysReview.Extraction.Core.Audit;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Tasks;
using EvSysReview.ServiceDefaults.Storage;

namespace EvSysReview.Extraction.History;

/// <summary>The history record of a lifecycle step: the status before and after, and the revision when it changed.</summary>
public static class TaskHistory
{
    public static HistoryRecord Step(StudyTask before, StudyTask after, string action, string by, DateTimeOffset at, string? reason = null)
    {
        var changes = new List<AuditChange>();
        if (before.Status != after.Status)
            changes.Add(new("status", Name(before.Status), Name(after.Status)));
        if (before.Lifecycle.TimesFinalised != after.Lifecycle.TimesFinalised)
            changes.Add(new("revision", before.Lifecycle.TimesFinalised, after.Lifecycle.TimesFinalised));
        if (before.Extractors.Count != after.Extractors.Count)
            changes.Add(new("extractors", new JsonArray([.. before.Extractors.Select(e => JsonValue.Create(e))]), new JsonArray([.. after.Extractors.Select(e => JsonValue.Create(e))])));
        return new HistoryRecord(after.StudyId, HistoryRecord.TaskSubject, action, by, at, changes, reason);
    }

    public static HistoryRecord Created(StudyTask task, DateTimeOffset at) =>
        new(task.StudyId, HistoryRecord.TaskSubject, "taskCreated", "system", at, [new("status", null, Name(task.Status))]);

    public static string Name(ExtractionStatus status) => StoreJson.Options.PropertyNamingPolicy!.ConvertName(status.ToString());

    public static void Add(UnitOfWork work, Guid projectId, HistoryRecord record) =>
        work.Put(HistoryRecord.Collection, $"{projectId:N}:{record.StudyId:N}:{Guid.NewGuid():N}", HistoryRecord.Partition(projectId, record.StudyId), record, 0);
}
