namespace PromptForge.Sipdo.Tests.Evaluation;

public sealed class ProportionIntervalTests
{
    [Theory]
    [InlineData(8, 10, 0.8, 0.4902, 0.9433)]
    [InlineData(0, 10, 0.0, 0.0, 0.2775)]
    [InlineData(10, 10, 1.0, 0.7225, 1.0)]
    [InlineData(79, 100, 0.79, 0.7002, 0.8583)]
    public void Wilson_KnownValues_MatchReference(int successes, int total, double estimate, double lower, double upper)
    {
        var interval = ProportionInterval.Wilson(successes, total);

        interval.Estimate.ShouldBe(estimate, 1e-9);
        interval.Lower.ShouldBe(lower, 5e-4);
        interval.Upper.ShouldBe(upper, 5e-4);
    }

    [Fact]
    public void Wilson_NoTrials_IsUninformative()
    {
        ProportionInterval.Wilson(0, 0).ShouldBe(new ProportionInterval(0, 0, 0, 0, 1));
    }

    [Fact]
    public void Wilson_InvalidCounts_Throw()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(3, 2));
        Should.Throw<ArgumentOutOfRangeException>(() => ProportionInterval.Wilson(-1, 2));
    }
}
