using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Composition;

public sealed class SipdoCompositionTests
{
    [Fact]
    public void UseSipdo_InvalidOptions_BuildListsEveryProblem()
    {
        var builder = PromptLoop.Create().WithChatClient(new FakeSipdoModel()).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 0;
            o.VerifierVotes = 2;
            o.RequiredAgreeingVotes = 3;
            o.Templates.Rewrite = "no placeholders";
        });

        var ex = Should.Throw<PromptLoopValidationException>(builder.Build);

        ex.Problems.ShouldContain(p => p.Contains("Levels", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("RequiredAgreeingVotes (3) cannot exceed VerifierVotes (2)", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("Templates.Rewrite lacks the placeholder {{prompt}}", StringComparison.Ordinal));
    }

    [Fact]
    public void UseSipdo_NoChatClient_BuildNamesTheMissingRoles()
    {
        var ex = Should.Throw<PromptLoopValidationException>(() => PromptLoop.Create().UseSipdo(SipdoHarness.ToyTask()).Build());

        ex.Problems.ShouldContain(p => p.Contains("task role", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("updater role", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseSipdo_OverriddenTemplate_IsSentToTheModel()
    {
        var harness = new SipdoHarness();

        await harness.RunAsync(o =>
        {
            o.Levels = 1;
            o.Templates.ErrorAnalysis = "CUSTOM ANALYSIS\nCurrent task prompt (JSON string): {{prompt}}\nWrongly answered questions (JSON): {{errors}}\n";
        });

        harness.Model.Calls.Where(c => c.Role == "sipdo.error_analysis").ShouldAllBe(c => c.User.StartsWith("CUSTOM ANALYSIS", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AddSipdo_RegistersNamedLoopThatRuns()
    {
        var model = new FakeSipdoModel();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(model);
        services.AddPromptForge(o => o.Loop.Seed = 3).AddSipdo(SipdoHarness.ToyTask(), o => o.Levels = 1);
        await using var provider = services.BuildServiceProvider();

        var factory = provider.GetRequiredService<IPromptLoopFactory>();
        factory.LoopNames.ShouldContain(SipdoPromptForgeBuilderExtensions.DefaultLoopName);
        var run = await factory.Create("sipdo").RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(RunStatus.Completed);
        run.BestPrompt.Text.ShouldContain("RULE:s1");
    }

    [Fact]
    public async Task CostReport_FromRun_SumsRolesRepairsAndLevels()
    {
        var harness = new SipdoHarness();
        var run = await harness.RunAsync(o => o.Levels = 2);

        var report = SipdoCostReport.FromRun(run, TimeSpan.FromSeconds(3));

        report.Calls.ShouldBe(harness.Model.Calls.Count);
        report.ByRole.Select(r => r.Role).ShouldBe(["sipdo.error_analysis", "sipdo.generator", "sipdo.rewrite", "sipdo.suggestion", "sipdo.task", "sipdo.verifier"]);
        report.ByRole.Sum(r => r.Calls).ShouldBe(report.Calls);
        report.LevelsReached.ShouldBe(2);
        report.RepairsAccepted.ShouldBe(2);
        report.RepairsRejected.ShouldBe(0);
        report.FailedRounds.ShouldBe(0);
        report.WallTime.ShouldBe(TimeSpan.FromSeconds(3));
    }
}
