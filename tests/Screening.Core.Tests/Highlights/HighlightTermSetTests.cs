using EvSysReview.Screening.Core.Highlights;
using EvSysReview.Screening.Core.Protocol;

namespace EvSysReview.Screening.Core.Tests.Highlights;

public sealed class HighlightTermSetTests
{
    private static readonly HighlightTermSet Template = HighlightTermSet.For(ScreeningProtocol.MscEvTemplate);

    private static IEnumerable<(HighlightField, string, HighlightKind)> Marked(string? title, string? abstractText, HighlightTermSet terms) =>
        terms.Find(title, abstractText).Select(h => (h.Field, (h.Field == HighlightField.Title ? title : abstractText)!.Substring(h.Start, h.Length), h.Kind));

    [Fact]
    public void Wildcard_plural_and_multiword_terms_match_case_insensitively_in_title_and_abstract()
    {
        const string title = "Intranasal MSC-derived Exosomes rescue memory in APP/PS1 mice";
        const string abstractText = "Small extracellular vesicles from mesenchymal stromal cells were given to rats; an in-vitro assay followed.";

        var marked = Marked(title, abstractText, Template).ToList();

        Assert.Equal(
            [
                (HighlightField.Title, "Intranasal", HighlightKind.Include),
                (HighlightField.Title, "MSC", HighlightKind.Include),
                (HighlightField.Title, "Exosomes", HighlightKind.Include),
                (HighlightField.Title, "mice", HighlightKind.Include),
                (HighlightField.Abstract, "extracellular vesicles", HighlightKind.Include),
                (HighlightField.Abstract, "mesenchymal", HighlightKind.Include),
                (HighlightField.Abstract, "rats", HighlightKind.Include),
                (HighlightField.Abstract, "in-vitro", HighlightKind.Exclude),
            ],
            marked);
    }

    [Fact]
    public void Positions_are_offsets_into_the_field()
    {
        var highlight = Assert.Single(Template.Find(null, "A review."));

        Assert.Equal(new Highlight(HighlightField.Abstract, 2, 6, HighlightKind.Exclude, "review"), highlight);
    }

    [Fact]
    public void A_term_matches_only_where_a_word_starts_and_a_plain_term_only_a_whole_word()
    {
        var terms = new HighlightTermSet(["rat", "neuro*"], ["vitro"]);

        var marked = Marked("Pirate rates of rat neurons; neuroinflammation; in vitro-derived", null, terms).Select(m => m.Item2);

        Assert.Equal(["rat", "neurons", "neuroinflammation", "vitro"], marked);
    }

    [Fact]
    public void Overlapping_terms_keep_the_earlier_then_longer_match()
    {
        var terms = new HighlightTermSet(["cell line"], ["cell line only"]);

        var highlight = Assert.Single(terms.Find("A cell line only study", null));

        Assert.Equal((2, 14, HighlightKind.Exclude), (highlight.Start, highlight.Length, highlight.Kind));
    }

    [Fact]
    public void Score_is_include_matches_minus_exclude_matches()
    {
        Assert.Equal(2, Template.Score("Exosomes in mice", null));
        Assert.Equal(-1, Template.Score("Exosomes in cancer: a review", null));
        Assert.Equal(0, Template.Score(null, null));
    }

    [Fact]
    public void Regex_characters_in_terms_are_taken_literally()
    {
        var terms = new HighlightTermSet(["IL-1β", "C++"], []);

        Assert.Equal(["IL-1β"], Marked("IL-1β and IL-1 levels", null, terms).Select(m => m.Item2));
    }
}
