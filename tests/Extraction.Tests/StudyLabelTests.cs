using EvSysReview.Contracts.Ingestion;
using EvSysReview.Extraction.Tasks;

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
}
