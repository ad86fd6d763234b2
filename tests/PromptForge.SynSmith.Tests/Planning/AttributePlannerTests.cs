namespace PromptForge.SynSmith.Tests.Planning;

public sealed class AttributePlannerTests
{
    private static readonly AttributeSchema Schema = TestData.CustomerSupportSchema();

    [Theory]
    [InlineData(PlannerStrategy.Stratified)]
    [InlineData(PlannerStrategy.CoverageGap)]
    [InlineData(PlannerStrategy.ClassBalanced)]
    public void Plan_AnyStrategy_NeverEmitsInvalidCombinations(PlannerStrategy strategy)
    {
        var planner = new AttributePlanner(Schema, strategy);

        var targets = planner.Plan(2000, [], new Random(7));

        targets.Count.ShouldBe(2000);
        targets.ShouldAllBe(t => Schema.IsValid(t) && t.Count == Schema.AttributeNames.Count);
    }

    [Fact]
    public void Plan_SchemaWhereMostCombinationsAreInvalid_StillFindsValidTargets()
    {
        var schema = AttributeSchema.Parse(
            "label_attribute: l\nattributes:\n  l: [a, b]\n  x: [p, q, r]\ninvalid_combinations:\n  - {l: a, x: p}\n  - {l: a, x: q}\n  - {l: b, x: r}\n",
            "s.yaml");

        var targets = new AttributePlanner(schema).Plan(200, [], new Random(1));

        targets.ShouldAllBe(t => (t["l"] == "a" && t["x"] == "r") || (t["l"] == "b" && t["x"] != "r"));
    }

    [Fact]
    public void Plan_SameSeed_SamePlan()
    {
        var planner = new AttributePlanner(Schema, PlannerStrategy.CoverageGap);

        var first = planner.Plan(16, [], new Random(17));
        var second = planner.Plan(16, [], new Random(17));

        first.Select(Key).ShouldBe(second.Select(Key));
    }

    [Fact]
    public void Plan_TargetedCombinations_ComeFirstAndAreCompleted()
    {
        var targeted = new Dictionary<string, string> { ["intent"] = "complaint", ["noise"] = "contradiction" };
        var planner = new AttributePlanner(Schema, PlannerStrategy.Stratified, [targeted]);

        var targets = planner.Plan(4, [], new Random(3), extraTargets: [new Dictionary<string, string> { ["style"] = "verbose" }]);

        targets[0]["intent"].ShouldBe("complaint");
        targets[0]["noise"].ShouldBe("contradiction");
        targets[1]["style"].ShouldBe("verbose");
        targets.ShouldAllBe(t => Schema.IsValid(t));
    }

    [Fact]
    public void Constructor_InvalidTargetedCombination_Throws()
    {
        var invalid = new Dictionary<string, string> { ["difficulty"] = "easy", ["ambiguity"] = "high" };

        Should.Throw<ArgumentException>(() => new AttributePlanner(Schema, PlannerStrategy.Stratified, [invalid]));
    }

    [Fact]
    public void Plan_ClassBalanced_FillsLargestDeficitsFirst()
    {
        // 5 labels, 3 existing refund_request, plan 7: quota ceil(10/5) = 2 -> the 4 other labels get 2 each first.
        var existing = Enumerable.Range(0, 3).Select(_ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["intent"] = "refund_request" });
        var planner = new AttributePlanner(Schema, PlannerStrategy.ClassBalanced);

        var targets = planner.Plan(7, existing, new Random(5));

        var counts = targets.GroupBy(t => t["intent"]).ToDictionary(g => g.Key, g => g.Count());
        counts.GetValueOrDefault("refund_request").ShouldBe(0);
        counts.Values.Sum().ShouldBe(7);
        counts.Values.ShouldAllBe(c => c <= 2);
    }

    [Fact]
    public void Plan_CoverageGap_PrefersUnseenCells()
    {
        // Every existing sample used style=formal; coverage-gap must mostly pick the other five styles.
        var existing = Enumerable.Range(0, 50).Select(_ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { ["style"] = "formal" }).ToArray();

        var gap = new AttributePlanner(Schema, PlannerStrategy.CoverageGap).Plan(60, existing, new Random(9));
        var uniform = new AttributePlanner(Schema, PlannerStrategy.Stratified).Plan(60, existing, new Random(9));

        // Expected share of formal: uniform 1/6 (10 of 60); coverage-gap about (1/51) / (5/11 + 1/51) = 4% (2 of 60).
        gap.Count(t => t["style"] == "formal").ShouldBeLessThanOrEqualTo(4);
        uniform.Count(t => t["style"] == "formal").ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void Defect06_EachStrategyRunsAsChosen()
    {
        // The reference let class_balanced override the chosen strategy, so coverage_gap never ran.
        var existing = Enumerable.Range(0, 40).Select(_ => (IReadOnlyDictionary<string, string>)new Dictionary<string, string>
        {
            ["intent"] = "complaint",
            ["style"] = "formal",
        }).ToArray();

        var gap = new AttributePlanner(Schema, PlannerStrategy.CoverageGap).Plan(100, existing, new Random(2));
        var balanced = new AttributePlanner(Schema, PlannerStrategy.ClassBalanced).Plan(100, existing, new Random(2));

        // Coverage-gap steers the style axis away from the over-used cell; class-balanced does not touch style.
        gap.Count(t => t["style"] == "formal").ShouldBeLessThan(5);
        balanced.Count(t => t["style"] == "formal").ShouldBeGreaterThan(8);
        // Class-balanced closes the label deficit exactly; the others don't.
        balanced.Count(t => t["intent"] == "complaint").ShouldBe(0);
    }

    private static string Key(IReadOnlyDictionary<string, string> t) => string.Join("|", t.Values);
}
