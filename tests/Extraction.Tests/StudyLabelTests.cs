using EvSysReview.Contracts.Ingestion;
using EvSysReview.ServiceDefaults.Citations;

namespace EvSysReview.Extraction.Tests;

public sealed class StudyLabelTests
{
    [Theory]
    [InlineData("Smith J", "Smith")]
    [InlineData("Smith JA", "Smith")]
    [InlineData("van der Berg, Anna", "van der Berg")]
    [InlineData("Anna Müller", "Müller")]
    [InlineData("Li", "Li")]
    [InlineData("De Luca G.", "De Luca")]
    public void The_surname_is_read_from_each_author_form_the_importers_produce(string author, string surname) =>
        Assert.Equal(surname, StudyLabel.Surname(author));

    [Fact]
    public void The_label_is_first_author_and_year_with_fallbacks()
    {
        var id = Guid.Parse("0123456789abcdef0123456789abcdef");
        Assert.Equal("Smith 2021", StudyLabel.Of(new CitationData { Title = "t", Authors = ["Smith J", "Jones A"], Year = 2021 }, id));
        Assert.Equal("Smith n.d.", StudyLabel.Of(new CitationData { Title = "t", Authors = ["Smith J"] }, id));
        Assert.Equal("Study 01234567 2020", StudyLabel.Of(new CitationData { Title = "t", Year = 2020 }, id));
    }

    [Fact]
    public void The_last_name_ingestion_sends_wins_over_reading_the_display_name()
    {
        // ../shared/testdata/ris/asreview_pubmed_zotero.ris: "AU  - Shen, Zhaofeng" becomes the
        // display name "Shen Zhaofeng" (no initials in RIS), which reads as fore name + surname.
        var id = Guid.NewGuid();
        Assert.Equal("Zhaofeng 2019", StudyLabel.Of(new CitationData { Title = "t", Authors = ["Shen Zhaofeng"], Year = 2019 }, id));
        Assert.Equal("Shen 2019", StudyLabel.Of(new CitationData { Title = "t", Authors = ["Shen Zhaofeng"], FirstAuthorLastName = "Shen", Year = 2019 }, id));
    }
}
