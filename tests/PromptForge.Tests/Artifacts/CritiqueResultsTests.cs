namespace PromptForge.Tests.Artifacts;

public sealed class CritiqueResultsTests
{
    private static Critique Reporting(string critic, string metric) =>
        new() { CriticName = critic, Metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal) { [metric] = MetricValue.Measured(0.5) } };

    [Fact]
    public void FindByMetric_OneCriticReportsTheMetric_ReturnsItsCritique()
    {
        Critique[] critiques = [Reporting("a", "alpha"), Reporting("b", "beta")];

        critiques.FindByMetric("beta").ShouldBeSameAs(critiques[1]);
        critiques.FindByMetric("gamma").ShouldBeNull();
    }

    [Fact]
    public void FindByMetric_FailedCriticWithTheMetricUnmeasured_StillFindsIt()
    {
        Critique failed = Critique.CreateFailed("a", "boom", ["alpha"]);

        new[] { failed }.FindByMetric("alpha").ShouldBeSameAs(failed);
    }
}
