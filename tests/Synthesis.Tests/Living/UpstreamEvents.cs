using EvSysReview.Contracts;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Ingestion;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Contracts.Screening;
using MassTransit;

namespace EvSysReview.Synthesis.Tests.Living;

/// <summary>The events other services publish about one project, published on the host's own bus.</summary>
public sealed class UpstreamEvents(IBus bus, Guid projectId)
{
    private long _membershipVersion;

    public Guid ProjectId => projectId;

    public Task Publish<T>(T integrationEvent) where T : IntegrationEvent => bus.Publish(integrationEvent);

    public async Task TeamAsync(params (string Username, string Role)[] members)
    {
        foreach (var (username, role) in members)
            await bus.Publish(new MemberJoined { ProjectId = projectId, Username = username, Role = role, MembershipVersion = ++_membershipVersion });
    }

    /// <summary>The MSC-EV template's plan: SMD, REML, Knapp–Hartung, subgroups by disease.</summary>
    public Task ProtocolAsync(int version = 1) => bus.Publish(new ProtocolPublished
    {
        ProjectId = projectId,
        Version = version,
        Protocol = """{"synthesisPlan":{"primaryMeasure":"SMD","method":"REML","test":"knha","subgroups":["disease"],"sensitivity":"exclude studies at high risk of bias"}}""",
    });

    public Task IncludeAsync(Guid studyId, string author, int year) => bus.Publish(new StudyIncluded
    {
        ProjectId = projectId,
        StudyId = studyId,
        Citation = new CitationData { Title = $"MSC-EVs in APP/PS1 mice, by {author}", Authors = [$"{author} A"], Year = year },
    });

    /// <summary>Escape latency (s, higher is worse) at 28 d, treatment vs control.</summary>
    public static ExtractionFinalized Extraction(Guid projectId, Guid studyId, string label, int year, string disease, (double M, double Sd, double N) treatment, (double M, double Sd, double N) control, int revision = 1) => new()
    {
        ProjectId = projectId,
        StudyId = studyId,
        Revision = revision,
        StudyLabel = label,
        Year = year,
        StudyFields = new Dictionary<string, string> { ["disease"] = disease, ["route"] = "IV" },
        Outcomes =
        [
            new OutcomeComparisonData
            {
                Key = "mwmEscapeLatency@28 d/evs",
                Outcome = "mwmEscapeLatency",
                TimePoint = "28 d",
                Comparison = "MSC-EVs vs vehicle",
                Direction = "higher-is-worse",
                Unit = "s",
                Treatment = new ArmData(treatment.M, treatment.Sd, treatment.N, null),
                Control = new ArmData(control.M, control.Sd, control.N, null),
            },
            // An earlier time point of the same outcome: the analysis takes each study's latest.
            new OutcomeComparisonData
            {
                Key = "mwmEscapeLatency@7 d/evs",
                Outcome = "mwmEscapeLatency",
                TimePoint = "7 d",
                Comparison = "MSC-EVs vs vehicle",
                Direction = "higher-is-worse",
                Unit = "s",
                Treatment = new ArmData(treatment.M + 20, treatment.Sd, treatment.N, null),
                Control = new ArmData(control.M, control.Sd, control.N, null),
            },
        ],
    };

    /// <summary>One trial of dat.bcg (events / total per arm), "higher is better" so the log risk ratio keeps metafor's sign.</summary>
    public static ExtractionFinalized Trial(Guid projectId, Guid studyId, string label, int year, (int Events, int N) vaccinated, (int Events, int N) control) => new()
    {
        ProjectId = projectId,
        StudyId = studyId,
        Revision = 1,
        StudyLabel = label,
        Year = year,
        StudyFields = new Dictionary<string, string> { ["disease"] = "tuberculosis" },
        Outcomes =
        [
            new OutcomeComparisonData
            {
                Key = "tbCases@follow-up/bcg",
                Outcome = "tbCases",
                TimePoint = "follow-up",
                Comparison = "BCG vs no vaccine",
                Direction = "higher-is-better",
                Unit = "cases",
                Treatment = new ArmData(null, null, vaccinated.N, vaccinated.Events),
                Control = new ArmData(null, null, control.N, control.Events),
            },
        ],
    };
}
