using System.Net;
using System.Text.Json;
using EvSysReview.TestSupport;
using static EvSysReview.EndToEnd.Tests.LivingReview.ReviewTeam;

namespace EvSysReview.EndToEnd.Tests.LivingReview;

/// <summary>
/// The whole living review, through the gateway only, over the real RabbitMQ: a project from the
/// MSC-EV template, a team, a saved PubMed search, deduplication, dual screening with a conflict,
/// full text, dual extraction and risk of bias with consensus, the synthesis version with its
/// pooled estimate (checked against metafor) and PRISMA counts; then the alert finds a new study
/// and a retraction, and a new version says what changed.
/// </summary>
[Collection(LivingSystemCollection.Name)]
public sealed class LivingReviewTests(LivingSystemFixture fixture)
{
    private const string Stage1 = "title-abstract";
    private const string Stage2 = "full-text";
    private const string RetractionNoticePmid = "39000001";

    private static readonly IncludedStudy[] FirstRound = [IncludedStudy.Olivero, IncludedStudy.Strekas, IncludedStudy.Bao];

    private DistributedSystem System => fixture.System!;

    [BrokerFact]
    public async Task From_template_to_a_synthesis_that_updates_itself_when_the_alert_finds_a_new_study_and_a_retraction()
    {
        var pubmed = fixture.PubMed;
        pubmed.HoldBack(IncludedStudy.Ling.Pmid);
        var team = await CreateProjectWithTeamAsync();
        var includes = FirstRound.Select(s => s.Pmid).ToHashSet();

        // The saved search: 13 records now (one is not in PubMed yet).
        var searchId = (await team.PostAsync(Methodologist, $"{team.Api("ingestion")}/searches",
            new { name = "MSC-EV alert", query = "(mesenchymal stem cell) AND (extracellular vesicles OR exosomes)" }, HttpStatusCode.Created)).GetProperty("id").GetGuid();
        var firstRun = await RunSearchAsync(team, searchId);
        Assert.Equal((13, 13), (firstRun.GetProperty("found").GetInt32(), firstRun.GetProperty("new").GetInt32()));

        // A file from another database holds two of the same records: both are found duplicate.
        var import = await team.PostFileAsync(Lead, $"{team.Api("ingestion")}/imports?source=embase", Path.Combine(RepoPaths.SharedTestData, "pubmed", "biopython_pubmed2.xml"), "application/xml");
        var imported = await team.WhenAsync(Lead, $"{team.Api("ingestion")}/imports/{import.GetProperty("importId").GetGuid()}",
            i => i.GetProperty("status").GetString() is "completed" or "failed", "the file import finished");
        Assert.Equal((2, 0, 2), (imported.GetProperty("recordsRead").GetInt32(), imported.GetProperty("recordsImported").GetInt32(), imported.GetProperty("duplicates").GetInt32()));

        // Title/abstract: three agreed includes, one disagreement, nine agreed excludes.
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => Stage(s, Stage1).GetProperty("items").GetInt32() == 13, "screening has the 13 records");
        var pmids = new Dictionary<Guid, string>();
        await ScreenAsync(team, ReviewerA, Stage1, pmid => includes.Contains(pmid) || pmid == IncludedStudy.ConflictPmid, pmids);
        await ScreenAsync(team, ReviewerB, Stage1, includes.Contains, pmids);
        Assert.Equal(13, pmids.Count);
        var conflicts = await team.GetAsync(Methodologist, $"{team.Api("screening")}/conflicts");
        Assert.Equal(1, conflicts.GetArrayLength());
        var conflictItem = conflicts[0].GetProperty("itemId").GetGuid();
        await team.PostAsync(Methodologist, $"{team.Api("screening")}/conflicts/{conflictItem}/resolution",
            new { decision = "exclude", note = "Human cohort, not an animal model of neurodegeneration." });

        // Full text: both reviewers include the three as animal studies.
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => Stage(s, Stage2).GetProperty("items").GetInt32() == 3, "three records reached full text");
        await ScreenAsync(team, ReviewerA, Stage2, includes.Contains, pmids);
        await ScreenAsync(team, ReviewerB, Stage2, includes.Contains, pmids);
        var statistics = await team.GetAsync(Lead, $"{team.Api("screening")}/statistics");
        Assert.Equal((13, 3, 10, 1), (Stage(statistics, Stage1).GetProperty("screened").GetInt32(), Stage(statistics, Stage1).GetProperty("included").GetInt32(),
            Stage(statistics, Stage1).GetProperty("excluded").GetInt32(), Stage(statistics, Stage1).GetProperty("conflictsResolved").GetInt32()));

        await ExtractAndAssessAsync(team, FirstRound, pmids);

        // The synthesis: metafor 3.8-1 on the same numbers (EV arm first, as escalc's m1i; the sign
        // flipped because escape latency is higher-is-worse, so positive favours the EVs):
        //   dat <- escalc("SMD", m1i=c(35.0,38.5,36.0), sd1i=c(8.4,10.2,8.0), n1i=c(10,8,12),
        //                        m2i=c(45.2,52.0,40.1), sd2i=c(9.8,11.0,7.5), n2i=c(10,8,12))
        //   rma(yi=-yi, vi=vi, data=dat, method="REML", test="knha")
        //   → estimate 0.8637300862, se 0.2189795567, ci.lb -0.0784629010, ci.ub 1.8059230734
        var first = await AnalysisWithAsync(team, ["Olivero 1990", "Strekas 1976", "Bao 2017"]);
        AssertPooled(first.Analysis, 0.8637300862, 0.2189795567, -0.0784629010, 1.8059230734);
        Assert.Equal("SMD", first.Analysis.GetProperty("measure").GetString());

        // PRISMA is checked at the end (below), so that the rest of the flow is exercised whatever it says.
        var firstPrisma = await team.GetAsync(Lead, $"{team.Api("synthesis")}/prisma");

        // The alert runs again: the held-back study is published, and a retraction notice names Strekas 1976.
        pubmed.Publish(IncludedStudy.Ling.Pmid);
        pubmed.PublishRetractionNotice(RetractionNoticePmid, IncludedStudy.Strekas.Pmid, pubmed.TitleOf(IncludedStudy.Strekas.Pmid));
        var secondRun = await RunSearchAsync(team, searchId);
        Assert.Equal((15, 2), (secondRun.GetProperty("found").GetInt32(), secondRun.GetProperty("new").GetInt32()));

        var secondRound = new[] { IncludedStudy.Ling };
        var newIncludes = secondRound.Select(s => s.Pmid).ToHashSet();
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => Stage(s, Stage2).GetProperty("retracted").GetInt32() == 1, "screening excluded the retracted study");
        await ScreenAsync(team, ReviewerA, Stage1, newIncludes.Contains, pmids);
        await ScreenAsync(team, ReviewerB, Stage1, newIncludes.Contains, pmids);
        await team.WhenAsync(Lead, $"{team.Api("screening")}/statistics", s => Stage(s, Stage2).GetProperty("items").GetInt32() == 4, "the new study reached full text");
        await ScreenAsync(team, ReviewerA, Stage2, newIncludes.Contains, pmids);
        await ScreenAsync(team, ReviewerB, Stage2, newIncludes.Contains, pmids);
        await ExtractAndAssessAsync(team, secondRound, pmids);

        //   dat <- escalc("SMD", m1i=c(35.0,36.0,30.0), sd1i=c(8.4,8.0,9.0), n1i=c(10,12,9),
        //                        m2i=c(45.2,40.1,48.0), sd2i=c(9.8,7.5,10.0), n2i=c(10,12,9))
        //   rma(yi=-yi, vi=vi, data=dat, method="REML", test="knha")
        //   → estimate 1.0538995686, se 0.3671114773, ci.lb -0.5256536313, ci.ub 2.6334527686, I² 42.116103%
        var updated = await AnalysisWithAsync(team, ["Olivero 1990", "Bao 2017", "Ling 2007"]);
        AssertPooled(updated.Analysis, 1.0538995686, 0.3671114773, -0.5256536313, 2.6334527686);
        Assert.True(updated.Version > first.Version);

        // What changed, in the summaries of the versions after the first round's.
        var versions = await team.GetAsync(Lead, $"{team.Api("synthesis")}/versions");
        var summaries = versions.EnumerateArray().Where(v => v.GetProperty("version").GetInt32() > first.Version)
            .SelectMany(v => v.GetProperty("summary").EnumerateArray().Select(line => line.GetString()!)).ToList();
        var said = string.Join(" | ", summaries);
        Assert.Contains(summaries, line => line.Contains("Ling 2007", StringComparison.Ordinal));
        Assert.Contains(summaries, line => line.Contains("Strekas 1976", StringComparison.Ordinal));
        Assert.True(said.Contains("1.05", StringComparison.Ordinal), $"the summary gives the new estimate: {said}");

        // PRISMA 2020 after each round: every box accounts for the one before it; 3 reports sought
        // and 3 studies included, then 4 sought (the new study) and still 3 included, the retracted
        // one excluded with reason "retracted". (Identified and duplicate counts: see the next test.)
        var prisma = await team.GetAsync(Lead, $"{team.Api("synthesis")}/prisma");
        AssertPrismaAddsUp(firstPrisma, sought: 3, included: 3);
        AssertPrismaAddsUp(prisma, sought: 4, included: 3);
        Assert.Equal(1, prisma.GetProperty("retracted").GetInt32());
        Assert.Contains(prisma.GetProperty("reportsExcluded").EnumerateArray(), r => r.GetProperty("reason").GetString() == "retracted" && r.GetProperty("count").GetInt32() == 1);
    }

    /// <summary>
    /// Ingestion's DuplicateDetected names the cluster (the record already imported and being
    /// screened) as RecordId and the new duplicate as DuplicateSourceRecordId; synthesis once read it
    /// the other way round, so a duplicate was not added to "identified" and the original dropped out
    /// of "screened". This test holds the two services to one reading of the contract.
    /// </summary>
    [BrokerFact]
    public async Task A_record_imported_twice_is_identified_twice_and_removed_once_as_a_duplicate_in_PRISMA()
    {
        var created = await new ReviewTeam(System, Guid.Empty).PostAsync(Lead, "/api/reviews/projects", new { title = "PRISMA duplicates" }, HttpStatusCode.Created);
        var team = new ReviewTeam(System, created.GetProperty("id").GetGuid());
        await team.WhenAsync(Lead, $"{team.Api("synthesis")}/status", s => s.GetProperty("projectKnown").GetBoolean(), "synthesis knows the project");
        // Each service learns of the project from its own queue: synthesis knowing it says nothing of ingestion.
        await team.WhenAsync(Lead, $"{team.Api("ingestion")}/status", s => s.GetProperty("members").GetArrayLength() == 1, "ingestion knows the project's lead");
        foreach (var (source, duplicates) in new[] { ("pubmed", 0), ("embase", 2) })
        {
            var import = await team.PostFileAsync(Lead, $"{team.Api("ingestion")}/imports?source={source}", Path.Combine(RepoPaths.SharedTestData, "pubmed", "biopython_pubmed2.xml"), "application/xml");
            var done = await team.WhenAsync(Lead, $"{team.Api("ingestion")}/imports/{import.GetProperty("importId").GetGuid()}", i => i.GetProperty("status").GetString() is "completed" or "failed", "the import finished");
            Assert.Equal(duplicates, done.GetProperty("duplicates").GetInt32());
        }

        var prisma = await team.WhenAsync(Lead, $"{team.Api("synthesis")}/prisma", p => p.GetProperty("imports").GetArrayLength() == 2 && p.GetProperty("duplicatesRemoved").GetInt32() == 2, "synthesis counted both imports");
        Assert.Equal((4, 2, 2), (prisma.GetProperty("identifiedTotal").GetInt32(), prisma.GetProperty("duplicatesRemoved").GetInt32(), prisma.GetProperty("awaitingScreening").GetInt32()));
    }

    private async Task<ReviewTeam> CreateProjectWithTeamAsync()
    {
        var created = await new ReviewTeam(System, Guid.Empty).PostAsync(Lead, "/api/reviews/projects", new { template = "msc-ev-neurodegeneration" }, HttpStatusCode.Created);
        var team = new ReviewTeam(System, created.GetProperty("id").GetGuid());
        foreach (var (username, role) in new[] { (ReviewerA, "reviewer"), (ReviewerB, "reviewer"), (Methodologist, "methodologist") })
            await team.PostAsync(Lead, $"{team.Api("reviews")}/members", new { username, role }, HttpStatusCode.Created);
        foreach (var service in new[] { "ingestion", "screening", "extraction", "risk-of-bias", "synthesis" })
            await team.WhenAsync(Lead, $"{team.Api(service)}/status", s => s.GetProperty("members").GetArrayLength() == 4, $"{service} knows the team of four");
        return team;
    }

    private static async Task<JsonElement> RunSearchAsync(ReviewTeam team, Guid searchId)
    {
        var runId = (await team.PostAsync(Lead, $"{team.Api("ingestion")}/searches/{searchId}/run", null, HttpStatusCode.Accepted)).GetProperty("runId").GetGuid();
        var runs = await team.WhenAsync(Lead, $"{team.Api("ingestion")}/searches/{searchId}/runs",
            r => r.EnumerateArray().Any(run => run.GetProperty("runId").GetGuid() == runId && run.GetProperty("status").GetString() != "running"), "the alert run ended", 90);
        var run = runs.EnumerateArray().Single(r => r.GetProperty("runId").GetGuid() == runId);
        Assert.True(run.GetProperty("status").GetString() == "completed", $"the run ended {run}");
        return run;
    }

    private static JsonElement Stage(JsonElement statistics, string stage) => statistics.GetProperty("stages").GetProperty(stage);

    /// <summary>The reviewer takes `next` until nothing is left, including what <paramref name="include"/> says.</summary>
    private async Task ScreenAsync(ReviewTeam team, string reviewer, string stage, Func<string, bool> include, Dictionary<Guid, string> pmids)
    {
        for (var served = 0; ; served++)
        {
            Assert.True(served < 40, $"{reviewer} was served more items than exist");
            var response = await System.As(reviewer).GetAsync($"{team.Api("screening")}/next?stage={stage}");
            if (response.StatusCode == HttpStatusCode.NoContent) return;
            await ExpectAsync(HttpStatusCode.OK, response, $"next for {reviewer}");
            var item = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var pmid = item.GetProperty("pmid").GetString()!;
            pmids[item.GetProperty("recordId").GetGuid()] = pmid;
            object decision = (include(pmid), stage) switch
            {
                (true, Stage2) => new { decision = "include", studyDesign = "animal" },
                (true, _) => new { decision = "include" },
                (false, Stage2) => new { decision = "exclude", reason = "wrong study design" },
                _ => new { decision = "exclude" },
            };
            await team.PostAsync(reviewer, $"{team.Api("screening")}/items/{item.GetProperty("itemId").GetGuid()}/decisions", decision);
        }
    }

    /// <summary>Dual extraction (the second extractor misreads one SD; the methodologist decides) and dual SYRCLE assessment with consensus.</summary>
    private static async Task ExtractAndAssessAsync(ReviewTeam team, IReadOnlyList<IncludedStudy> studies, Dictionary<Guid, string> pmids)
    {
        foreach (var study in studies)
        {
            var studyId = pmids.Single(p => p.Value == study.Pmid).Key;
            var extraction = $"{team.Api("extraction")}/studies/{studyId}";
            await team.WhenAsync(Methodologist, $"{team.Api("extraction")}/tasks", t => t.EnumerateArray().Any(task => task.GetProperty("studyId").GetGuid() == studyId), $"the extraction task of {study.Label}");
            await team.SendAsync(ReviewerA, HttpMethod.Put, $"{extraction}/entries/me", study.Entry(studyId, study.EvSd), HttpStatusCode.Created);
            await team.PostAsync(ReviewerA, $"{extraction}/submit");
            await team.SendAsync(ReviewerB, HttpMethod.Put, $"{extraction}/entries/me", study.Entry(studyId, study.EvSd + 1.5), HttpStatusCode.Created);
            await team.PostAsync(ReviewerB, $"{extraction}/submit");
            await team.SendAsync(Methodologist, HttpMethod.Put, $"{extraction}/consensus",
                new { @base = ReviewerB, choices = new object[] { new { path = IncludedStudy.EvSdPath, source = "agreed", value = study.EvSd } } });
            await team.PostAsync(Methodologist, $"{extraction}/finalize");

            var rob = $"{team.Api("risk-of-bias")}/studies/{studyId}";
            await team.WhenAsync(Methodologist, $"{team.Api("risk-of-bias")}/tasks",
                t => t.EnumerateArray().Any(task => task.GetProperty("studyId").GetGuid() == studyId && task.GetProperty("tool").GetString() == "syrcle"), $"the SYRCLE task of {study.Label}");
            foreach (var (assessor, item5) in new[] { (ReviewerA, "yes"), (ReviewerB, "unclear") })
            {
                var answers = Enumerable.Range(1, 10).ToDictionary(i => i.ToString(), i => new { answer = i == 5 ? item5 : "yes", quote = $"{assessor} on item {i}" });
                await team.SendAsync(assessor, HttpMethod.Put, $"{rob}/assessments/me", new { tool = "syrcle", answers });
                await team.PostAsync(assessor, $"{rob}/submit");
            }

            await team.SendAsync(Methodologist, HttpMethod.Put, $"{rob}/consensus",
                new { answers = new Dictionary<string, object> { ["5"] = new { answer = "unclear", reason = "Caregiver blinding is not reported." } } });
            await team.PostAsync(Methodologist, $"{rob}/finalize");
        }
    }

    /// <summary>Waits for the current version's escape-latency analysis to hold exactly these studies, every one assessed for risk of bias.</summary>
    private static async Task<(int Version, JsonElement Analysis)> AnalysisWithAsync(ReviewTeam team, string[] labels)
    {
        var current = await team.WhenAsync(Lead, $"{team.Api("synthesis")}/analyses", version =>
        {
            var analysis = version.GetProperty("analyses").EnumerateArray().FirstOrDefault(a => a.GetProperty("outcome").GetString() == IncludedStudy.Outcome);
            return analysis.ValueKind == JsonValueKind.Object
                && analysis.GetProperty("studies").EnumerateArray().Select(s => s.GetProperty("studyLabel").GetString()).Order().SequenceEqual(labels.Order())
                && analysis.GetProperty("studies").EnumerateArray().All(s => s.GetProperty("highRisk").ValueKind != JsonValueKind.Null);
        }, $"the synthesis pools {string.Join(", ", labels)}", 120);
        return (current.GetProperty("version").GetInt32(), current.GetProperty("analyses").EnumerateArray().Single(a => a.GetProperty("outcome").GetString() == IncludedStudy.Outcome));
    }

    private static void AssertPooled(JsonElement analysis, double estimate, double se, double ciLower, double ciUpper)
    {
        var result = analysis.GetProperty("result");
        Assert.Equal(("REML", "knha"), (result.GetProperty("method").GetString(), result.GetProperty("test").GetString()));
        foreach (var (field, expected) in new[] { ("estimate", estimate), ("se", se), ("ciLower", ciLower), ("ciUpper", ciUpper) })
        {
            var actual = result.GetProperty(field).GetDouble();
            Assert.True(Math.Abs(actual - expected) <= 1e-6 * Math.Max(1, Math.Abs(expected)), $"{field}: {actual} against metafor's {expected}");
        }
    }

    /// <summary>Each PRISMA 2020 box accounts for the one before it; reports sought and studies included are as expected.</summary>
    private static void AssertPrismaAddsUp(JsonElement prisma, int sought, int included)
    {
        int Count(string name) => prisma.GetProperty(name).GetInt32();
        Assert.Equal((sought, included), (Count("reportsSought"), Count("studiesIncluded")));
        Assert.Equal(Count("identifiedTotal"), prisma.GetProperty("identified").EnumerateArray().Sum(s => s.GetProperty("count").GetInt32()));
        Assert.Equal(Count("identifiedTotal") - Count("duplicatesRemoved") - Count("markedIneligibleByAutomation"), Count("screened") + Count("awaitingScreening"));
        Assert.Equal(0, Count("awaitingScreening"));
        Assert.Equal(Count("screened") - Count("excludedAtScreening"), Count("reportsSought"));
        Assert.Equal(Count("reportsSought") - Count("reportsNotRetrieved"), Count("reportsAssessed") + Count("awaitingFullText"));
        Assert.Equal(Count("reportsAssessed") - prisma.GetProperty("reportsExcluded").EnumerateArray().Sum(r => r.GetProperty("count").GetInt32()), Count("studiesIncluded"));
    }
}
