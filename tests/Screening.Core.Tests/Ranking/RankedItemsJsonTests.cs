using System.Text.Json;
using System.Text.Json.Serialization;
using EvSysReview.Screening.Core.Ranking;

namespace EvSysReview.Screening.Core.Tests.Ranking;

/// <summary>The stored ranking's column form (RankedItemsJsonConverter), with the options the stores use (web defaults, enums as camelCase strings).</summary>
public sealed class RankedItemsJsonTests
{
    private static readonly JsonSerializerOptions StoreOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static RankingResult Classifier(int count)
    {
        var random = new Random(7);
        var order = Enumerable.Range(0, count)
            .Select(i => new RankedItem(Guid.NewGuid(), (random.NextDouble() * 20) - 10, i == 0 ? 4.9e-324 : random.NextDouble()))
            .ToList();
        return new RankingResult(RankingBasis.Classifier, order, [new RankedItem(Guid.NewGuid(), -12.25, 0.0001)], 12.5, 3, 40, 400);
    }

    [Fact]
    public void A_classifier_ranking_round_trips_bit_for_bit()
    {
        var ranking = Classifier(1_000);
        var json = JsonSerializer.Serialize(ranking, StoreOptions);
        var read = JsonSerializer.Deserialize<RankingResult>(json, StoreOptions)!;

        Assert.Equal(ranking.Order, read.Order);
        Assert.Equal(ranking.IneligibleByAutomation, read.IneligibleByAutomation);
        Assert.Equal((RankingBasis.Classifier, 12.5, 3, 40, 400), (read.Basis, read.EstimatedRelevantRemaining, read.ConsecutiveExcludes, read.LabelledIncludes, read.LabelledExcludes));
        // 16 + 8 + 8 bytes per item in base64: under 43 characters, against about 95 as an array of objects.
        Assert.InRange(json.Length, 42 * 1_000, 44 * 1_000);
    }

    [Fact]
    public void Without_probabilities_the_column_is_null_and_reads_back_as_null()
    {
        var ranking = new RankingResult(RankingBasis.HighlightTerms, [new RankedItem(Guid.NewGuid(), 2, null), new RankedItem(Guid.NewGuid(), 0.5, null)], [], null, 0, 0, 0);
        var json = JsonSerializer.Serialize(ranking, StoreOptions);
        Assert.Contains("\"probabilities\":null", json);

        var read = JsonSerializer.Deserialize<RankingResult>(json, StoreOptions)!;
        Assert.Equal(ranking.Order, read.Order);
        Assert.All(read.Order, r => Assert.Null(r.Probability));
    }

    [Fact]
    public void A_ranking_stored_as_an_array_of_objects_still_reads()
    {
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var earlier = $$"""
            {"basis":"classifier","order":[{"itemId":"{{first}}","score":1.5,"probability":0.75},{"itemId":"{{second}}","score":-2,"probability":0.125}],
             "ineligibleByAutomation":[],"estimatedRelevantRemaining":0.875,"consecutiveExcludes":1,"labelledIncludes":2,"labelledExcludes":5}
            """;

        var read = JsonSerializer.Deserialize<RankingResult>(earlier, StoreOptions)!;

        Assert.Equal([new RankedItem(first, 1.5, 0.75), new RankedItem(second, -2, 0.125)], read.Order);
        Assert.Empty(read.IneligibleByAutomation);
        Assert.Equal(5, read.LabelledExcludes);
    }

    [Fact]
    public void Columns_that_do_not_match_their_count_are_refused()
    {
        var json = JsonSerializer.Serialize(Classifier(3), StoreOptions).Replace("\"count\":3", "\"count\":4", StringComparison.Ordinal);

        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<RankingResult>(json, StoreOptions));
    }
}
