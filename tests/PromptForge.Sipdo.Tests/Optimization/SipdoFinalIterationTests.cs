using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary>SIPDO confirms its rewrites within the iteration, so the loop's last iteration still repairs the prompt.</summary>
public sealed class SipdoFinalIterationTests
{
    [Fact]
    public async Task RunAsync_RepairInTheLastIteration_IsConfirmedAndKept()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 2, b => b.WithMaxIterations(1));

        var only = run.MetricHistory.ShouldHaveSingleItem();
        only.Decision.ShouldBe(PromptUpdateDecision.Accepted);
        only.NextPromptVersion.ShouldBe(run.FinalPrompt.Version);
        run.FinalPrompt.Version.ShouldBeGreaterThan(0);
        run.FinalPrompt.Status.ShouldBe(PromptVersionStatus.Accepted);
        run.FinalPrompt.Text.ShouldContain("RULE:s1");
        harness.Model.CountCalls("sipdo.rewrite").ShouldBe(1);
    }
}
