using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EvSysReview.Contracts.Extraction;
using EvSysReview.Contracts.Reviews;
using EvSysReview.Extraction.Core.Outcomes;
using EvSysReview.ServiceDefaults.Security;
using EvSysReview.TestSupport;

namespace EvSysReview.Extraction.Tests;

/// <summary>The protocol option: one extractor, verified (and corrected) by someone else.</summary>
[Collection(ExtractionCollection.Name)]
public sealed class SingleVerificationTests(ExtractionHost host)
{
    [Fact]
    public async Task A_protocol_asking_for_verification_gives_single_extractor_tasks_that_the_extractor_cannot_finalise()
    {
        var projectId = await SingleVerificationProjectAsync("lead13", "meth", "dana");
        var form = await host.As("lead13").GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/form");
        Assert.Equal(("msc-ev-neurodegeneration", 1, 2), (form.GetProperty("form").GetProperty("formId").GetString(), form.GetProperty("form").GetProperty("version").GetInt32(), form.GetProperty("protocolVersion").GetInt32()));

        var studyId = await host.IncludeStudyAsync(projectId, "lead13", "Müller, Anna");
        Assert.Equal(HttpStatusCode.Created, (await host.As("meth").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await host.As("dana").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("meth").PostAsync(projectId, studyId, "submit")).StatusCode);

        var own = await host.As("meth").PostAsync(projectId, studyId, "finalize");
        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("cannot verify their own", (await own.JsonAsync()).GetProperty("detail").GetString());

        // The verifier corrects one value and finalises.
        var study = ExtractionApi.Study(projectId, studyId);
        var verified = await host.As("dana").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new
        {
            choices = new object[] { new { path = "fields.strain.text", source = "agreed", value = "C57BL/6J" } },
        });
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var otherSource = await host.As("dana").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = new object[] { new { path = "fields.strain.text", source = "other" } } });
        Assert.Equal(HttpStatusCode.BadRequest, otherSource.StatusCode);
        Assert.True((await otherSource.JsonAsync()).GetProperty("errors").TryGetProperty("choices[0].source", out _));
        var badPath = await host.As("dana").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new { choices = new object[] { new { path = "formVersion", source = "agreed", value = 2 } } });
        Assert.True((await badPath.JsonAsync()).GetProperty("errors").TryGetProperty("choices[0].path", out _));
        Assert.Equal(HttpStatusCode.OK, (await host.As("dana").PostAsync(projectId, studyId, "finalize")).StatusCode);

        await Eventually.HoldsAsync(() => Task.FromResult(host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId).Count == 1), "the verified extraction was published");
        var published = host.Observed.Where<ExtractionFinalized>(e => e.StudyId == studyId)[0];
        Assert.Equal(("Müller 2021", "C57BL/6J"), (published.StudyLabel, published.StudyFields["strain"]));
    }

    [Fact]
    public async Task Once_the_verifier_has_begun_the_extractor_cannot_edit_the_entry_being_verified()
    {
        var projectId = await SingleVerificationProjectAsync("lead14", "meth2", "erin");
        var studyId = await host.IncludeStudyAsync(projectId, "lead14", "Okafor, Ngozi");
        Assert.Equal(HttpStatusCode.Created, (await host.As("meth2").SaveEntryAsync(projectId, studyId, StudyEntries.Complete(studyId))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.As("meth2").PostAsync(projectId, studyId, "submit")).StatusCode);
        var study = ExtractionApi.Study(projectId, studyId);
        var begun = await host.As("erin").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new
        {
            choices = new object[] { new { path = "fields.strain.text", source = "agreed", value = "C57BL/6J" } },
        });
        Assert.Equal(HttpStatusCode.OK, begun.StatusCode);

        var own = await host.As("meth2").SendJsonAsync(HttpMethod.Put, $"{study}/consensus", new
        {
            @base = "consensus",
            choices = new object[] { new { path = "fields.strain.text", source = "agreed", value = "BALB/c" } },
        });

        Assert.Equal(HttpStatusCode.Conflict, own.StatusCode);
        Assert.Contains("cannot verify their own", (await own.JsonAsync()).GetProperty("detail").GetString());
        var consensus = await host.As("erin").GetFromJsonAsync<JsonElement>($"{study}/consensus");
        Assert.Equal("C57BL/6J", consensus.GetProperty("fields").GetProperty("strain").GetProperty("text").GetString());
    }

    /// <summary>A project whose protocol asks for one extractor verified by another; two methodologists beside its lead.</summary>
    private async Task<Guid> SingleVerificationProjectAsync(string lead, string methodologist, string other)
    {
        var projectId = await host.CreateProjectAsync(lead, (methodologist, ProjectRoles.Methodologist), (other, ProjectRoles.Methodologist));
        await host.PublishAsync(new ProtocolPublished
        {
            ProjectId = projectId,
            Version = 2,
            Protocol = """{"extractionForm":{"template":"msc-ev-neurodegeneration","mode":"singleWithVerification"}}""",
        });
        await Eventually.HoldsAsync(async () =>
            (await host.As(lead).GetFromJsonAsync<JsonElement>($"/api/extraction/projects/{projectId}/form")).GetProperty("mode").GetString() == "singleWithVerification",
            "extraction read the protocol's mode");
        return projectId;
    }
}
