using EvSysReview.Extraction.Core.Forms;
using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Forms;
using EvSysReview.TestSupport;

namespace EvSysReview.Extraction.Tests;

public sealed class ProtocolFormReaderTests
{
    private static readonly Guid Project = Guid.NewGuid();

    private static string ShippedProtocol()
    {
        var template = File.ReadAllText(Path.Combine(RepoPaths.Root, "services/Reviews/Module/Protocols/Templates/msc-ev-neurodegeneration.json"));
        return System.Text.Json.JsonDocument.Parse(template).RootElement.GetProperty("protocol").GetRawText();
    }

    [Fact]
    public void The_shipped_template_keeps_the_built_in_form_until_an_amendment_changes_its_field_list()
    {
        var first = ProtocolFormReader.Read(Project, 1, ShippedProtocol());
        Assert.Equal(("msc-ev-neurodegeneration", 1), (first.Project.FormId, first.Project.FormVersion));
        Assert.Null(first.NewForm);

        var unchanged = ProtocolFormReader.Read(Project, 2, ShippedProtocol(), null, first.Project);
        Assert.Equal(("msc-ev-neurodegeneration", 2), (unchanged.Project.FormId, unchanged.Project.ProtocolVersion));

        var protocol = System.Text.Json.Nodes.JsonNode.Parse(ShippedProtocol())!;
        protocol["extractionForm"]!["studyFields"]!.AsArray().Add(System.Text.Json.Nodes.JsonNode.Parse("""{"key":"blinding","label":"Blinded assessment","type":"text"}"""));
        var amended = ProtocolFormReader.Read(Project, 3, protocol.ToJsonString(), null, unchanged.Project);
        Assert.Equal((ProjectForm.ProtocolFormId, 3), (amended.Project.FormId, amended.Project.FormVersion));
        Assert.Equal(22, amended.NewForm!.StudyFields.Count);

        // A later amendment that leaves the list alone keeps the form version.
        var again = ProtocolFormReader.Read(Project, 4, protocol.ToJsonString(), amended.NewForm, amended.Project);
        Assert.Null(again.NewForm);
        Assert.Equal((ProjectForm.ProtocolFormId, 3, 4), (again.Project.FormId, again.Project.FormVersion, again.Project.ProtocolVersion));
    }

    [Fact]
    public void A_field_list_that_cannot_be_read_falls_back_to_the_template_with_the_reasons()
    {
        var read = ProtocolFormReader.Read(Project, 2, """{"extractionForm":{"studyFields":[{"key":"a","type":"date"}]}}""");

        Assert.Null(read.NewForm);
        Assert.Equal((MscEvExtractionForm.FormId, 1), (read.Project.FormId, read.Project.FormVersion));
        Assert.StartsWith("extractionForm.studyFields[0].type:", Assert.Single(read.Project.Notes));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"extractionForm":null}""")]
    [InlineData("""{"extractionForm":{"template":"rct-generic"}}""")]
    [InlineData("""{"extractionForm":{"template":"msc-ev-neurodegeneration","formVersion":99,"mode":"tripleBlind"}}""")]
    [InlineData("not json")]
    public void A_protocol_without_a_known_form_gets_the_msc_ev_form_and_dual_extraction(string protocol) =>
        Assert.Equal(new ProjectForm(Project, 2, "msc-ev-neurodegeneration", 1, ExtractionMode.DualIndependent), ProtocolFormReader.Read(Project, 2, protocol).Project);

    [Fact]
    public void Single_extraction_with_verification_is_a_protocol_option() =>
        Assert.Equal(ExtractionMode.SingleWithVerification, ProtocolFormReader.Read(Project, 1, """{"extractionForm":{"mode":"singleWithVerification"}}""").Project.Mode);
}
