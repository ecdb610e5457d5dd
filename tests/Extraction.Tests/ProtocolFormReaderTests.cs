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
    public void The_shipped_msc_ev_protocol_gets_its_own_field_list_as_form_version_of_the_protocol()
    {
        var read = ProtocolFormReader.Read(Project, 3, ShippedProtocol());

        Assert.Equal(new ProjectForm(Project, 3, ProjectForm.ProtocolFormId, 3, ExtractionMode.DualIndependent), read.Project);
        Assert.Equal(21, read.NewForm!.StudyFields.Count);
        Assert.Equal(3, read.NewForm.Version);
    }

    [Fact]
    public void An_amendment_that_leaves_the_field_list_alone_keeps_the_form_version()
    {
        var first = ProtocolFormReader.Read(Project, 1, ShippedProtocol()).NewForm!;

        var amended = ProtocolFormReader.Read(Project, 2, ShippedProtocol(), first);

        Assert.Null(amended.NewForm);
        Assert.Equal((2, 1), (amended.Project.ProtocolVersion, amended.Project.FormVersion));
    }

    [Fact]
    public void A_field_list_that_cannot_be_read_falls_back_to_the_template_with_the_reasons()
    {
        var read = ProtocolFormReader.Read(Project, 2, """{"extractionForm":{"template":"msc-ev-neurodegeneration","studyFields":[{"key":"a","type":"date"}]}}""");

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
