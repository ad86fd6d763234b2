namespace PromptForge.Sipdo.Tests.Generation;

public sealed class AdversarialSelectionTests
{
    private static readonly string[] Labels = ["yes", "no"];

    private static readonly Dictionary<string, double> Even = new(StringComparer.Ordinal) { ["yes"] = 0.5, ["no"] = 0.5 };

    [Fact]
    public void DeltaDivergence_LabelAlreadyOverdrawn_CostsMoreThanTheMissingOne()
    {
        var drawn = new Dictionary<string, int>(StringComparer.Ordinal) { ["yes"] = 3, ["no"] = 1 };

        var more = AdversarialSelection.DeltaDivergence(Labels, Even, drawn, "yes");
        var fewer = AdversarialSelection.DeltaDivergence(Labels, Even, drawn, "no");

        more.ShouldBeGreaterThan(0);
        fewer.ShouldBeLessThan(0);
        AdversarialSelection.DeltaDivergence(null, Even, drawn, "yes").ShouldBe(0);
    }

    [Theory]
    [InlineData(4.0, 1)]
    [InlineData(0.0, 0)]
    public void Order_FailingCandidateWithWorseLabel_WinsOnlyWhenLambdaIsHigh(double lambda, int expectedFirst)
    {
        var drawn = new Dictionary<string, int>(StringComparer.Ordinal) { ["yes"] = 3, ["no"] = 1 };
        // Candidate 0 matches the label shares and is solved; candidate 1 overdraws "yes" and is failed.
        double[] scores =
        [
            AdversarialSelection.Score(lambda, currentPromptFailed: false, AdversarialSelection.DeltaDivergence(Labels, Even, drawn, "no")),
            AdversarialSelection.Score(lambda, currentPromptFailed: true, AdversarialSelection.DeltaDivergence(Labels, Even, drawn, "yes")),
        ];

        AdversarialSelection.Order(scores)[0].ShouldBe(expectedFirst);
    }

    [Fact]
    public void Order_Ties_KeepTheEarlierCandidate()
    {
        AdversarialSelection.Order([0.5, 0.5, 1.0]).ShouldBe([2, 0, 1]);
    }
}
