using EvSysReview.Extraction.Core.Lifecycle;
using EvSysReview.Extraction.Forms;
using EvSysReview.TestSupport;

namespace EvSysReview.Extraction.Tests;

public sealed class ProtocolFormReaderTests
{
    private static readonly Guid Project = Guid.NewGuid();

    [Fact]
    public void The_shipped_msc_ev_protocol_template_maps_to_the_built_in_form()
    {
        var template = File.ReadAllText(Path.Combine(RepoPaths.Root, "services/Reviews/Module/Protocols/Templates/msc-ev-neurodegeneration.json"));
        var protocol = System.Text.Json.JsonDocument.Parse(template).RootElement.GetProperty("protocol").GetRawText();
        Assert.Equal(new ProjectForm(Project, 3, "msc-ev-neurodegeneration", 1, ExtractionMode.DualIndependent), ProtocolFormReader.Read(Project, 3, protocol));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"extractionForm":null}""")]
    [InlineData("""{"extractionForm":{"template":"rct-generic"}}""")]
    [InlineData("""{"extractionForm":{"template":"msc-ev-neurodegeneration","formVersion":99,"mode":"tripleBlind"}}""")]
    [InlineData("not json")]
    public void A_protocol_without_a_known_form_gets_the_msc_ev_form_and_dual_extraction(string protocol) =>
        Assert.Equal(new ProjectForm(Project, 2, "msc-ev-neurodegeneration", 1, ExtractionMode.DualIndependent), ProtocolFormReader.Read(Project, 2, protocol));

    [Fact]
    public void Single_extraction_with_verification_is_a_protocol_option() =>
        Assert.Equal(ExtractionMode.SingleWithVerification, ProtocolFormReader.Read(Project, 1, """{"extractionForm":{"mode":"singleWithVerification"}}""").Mode);
}
