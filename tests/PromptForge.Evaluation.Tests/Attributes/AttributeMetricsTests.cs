namespace PromptForge.Evaluation.Tests.Attributes;

public sealed class AttributeMetricsTests
{
    private static readonly AttributeDomains Schema = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["intent"] = ["refund", "lost_card", "balance", "transfer"],
        ["tone"] = ["formal", "casual"],
    });

    private static IReadOnlyDictionary<string, string> S(string intent, string tone) =>
        new Dictionary<string, string> { ["intent"] = intent, ["tone"] = tone };

    [Fact]
    public void Distributions_UniformOverAllValues_EntropyOneCoverageOne()
    {
        var samples = new[] { S("refund", "formal"), S("lost_card", "casual"), S("balance", "formal"), S("transfer", "casual") };

        var intent = AttributeMetrics.Distributions(samples, Schema)[0];

        intent.NormalizedEntropy.Value!.Value.ShouldBe(1.0, 1e-12);
        intent.Coverage.Value!.Value.ShouldBe(1.0);
        intent.MissingValues.ShouldBeEmpty();
    }

    [Fact]
    public void Distributions_SkewedCounts_MatchHandComputedEntropy()
    {
        // intent counts: refund 2, lost_card 1, balance 1, transfer 0 -> p = (1/2, 1/4, 1/4).
        // H = -(1/2 ln 1/2 + 2 * 1/4 ln 1/4) = 1.5 ln 2; normalized by ln 4 = 2 ln 2 -> 0.75. Coverage 3/4.
        var samples = new[] { S("refund", "formal"), S("REFUND", "formal"), S("lost_card", "formal"), S("balance", "formal"), S("unknown", "formal") };

        var distributions = AttributeMetrics.Distributions(samples, Schema);
        var intent = distributions[0];
        var tone = distributions[1];

        intent.NormalizedEntropy.Value!.Value.ShouldBe(0.75, 1e-12);
        intent.NormalizedEntropy.SampleSize.ShouldBe(4);
        intent.Coverage.Value!.Value.ShouldBe(0.75);
        intent.MissingValues.ShouldBe(["transfer"]);
        intent.UnrecognizedCount.ShouldBe(1);
        intent.Counts["refund"].ShouldBe(2);
        tone.NormalizedEntropy.Value!.Value.ShouldBe(0.0, 1e-12);
        tone.Coverage.Value!.Value.ShouldBe(0.5);
    }

    [Fact]
    public void Distributions_NoSamples_NotMeasured()
    {
        var result = AttributeMetrics.Distributions([], Schema);

        result[0].NormalizedEntropy.IsMeasured.ShouldBeFalse();
        result[0].Coverage.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Distributions_SingleAllowedValue_EntropyNotMeasured()
    {
        var schema = new AttributeDomains(new Dictionary<string, IReadOnlyList<string>> { ["lang"] = ["en"] });

        var lang = AttributeMetrics.Distributions([new Dictionary<string, string> { ["lang"] = "en" }], schema)[0];

        lang.NormalizedEntropy.IsMeasured.ShouldBeFalse();
        lang.Coverage.Value.ShouldBe(1.0);
    }

    [Fact]
    public void CombinationCoverage_CountsCoveredCellsAndListsMissing()
    {
        // 4 x 2 = 8 cells, 3 covered.
        var samples = new[] { S("refund", "formal"), S("refund", "formal"), S("refund", "casual"), S("balance", "casual") };

        var result = AttributeMetrics.CombinationCoverage(samples, Schema);

        result.ValidCellCount.ShouldBe(8);
        result.CoveredCellCount.ShouldBe(3);
        result.Coverage.Value!.Value.ShouldBe(3.0 / 8.0);
        result.Pairs.Single().MissingCells.Count.ShouldBe(5);
        result.Pairs.Single().MissingCells.ShouldContain(new AttributeCombination(new("intent", "transfer"), new("tone", "casual")));
    }

    [Fact]
    public void CombinationCoverage_InvalidCellsExcludedFromDenominator()
    {
        var samples = new[] { S("refund", "formal"), S("balance", "casual") };

        // "transfer" can only be formal: (transfer, casual) is impossible.
        var result = AttributeMetrics.CombinationCoverage(samples, Schema, (a, b) => !(a.Value == "transfer" && b.Value == "casual"));

        result.ValidCellCount.ShouldBe(7);
        result.Coverage.Value!.Value.ShouldBe(2.0 / 7.0);
    }

    [Fact]
    public void CombinationCoverage_ThreeAttributes_PoolsAllPairs()
    {
        var schema = new AttributeDomains(new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = ["1", "2"],
            ["b"] = ["x", "y"],
            ["c"] = ["p", "q"],
        });
        var samples = new IReadOnlyDictionary<string, string>[] { new Dictionary<string, string> { ["a"] = "1", ["b"] = "x", ["c"] = "p" } };

        var result = AttributeMetrics.CombinationCoverage(samples, schema);

        result.Pairs.Count.ShouldBe(3);
        result.ValidCellCount.ShouldBe(12);
        result.CoveredCellCount.ShouldBe(3);
    }

    [Fact]
    public void CombinationCoverage_SingleAttribute_NotMeasured()
    {
        var schema = new AttributeDomains(new Dictionary<string, IReadOnlyList<string>> { ["a"] = ["1", "2"] });

        AttributeMetrics.CombinationCoverage([new Dictionary<string, string> { ["a"] = "1" }], schema).Coverage.IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Schema_Invalid_ListsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new AttributeDomains(new Dictionary<string, IReadOnlyList<string>>
        {
            ["a"] = [],
            ["b"] = ["x", "X"],
        }));

        ex.Message.ShouldContain("'a' has no allowed values");
        ex.Message.ShouldContain("'b' lists 'x' more than once");
    }
}
