using Microsoft.Extensions.AI;
using PromptForge.Sipdo.Tests.Tasks;
using PromptForge.Simulation;

namespace PromptForge.Sipdo.Tests.Simulation;

/// <summary>SIPDO on the offline simulator: the simulated roles must show the method's dynamics, deterministically.</summary>
public sealed class SipdoSimulatorTests
{
    private const string Omission = "In the story, Tom forgot to check the equipment before Suzy arrived. In the end, the machine broke down. Did Tom cause this outcome?";

    [Fact]
    public async Task SimulatedTaskModel_AnswersCarefullyOnlyWhenThePromptStatesTheRule()
    {
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 1, Behaviors = { SipdoSimulation.Behavior } });

        var without = await AskAsync(client, "Answer Yes or No.", Omission);
        var with = await AskAsync(client, "Rules:\n- Omissions: failing to do what one was supposed to do counts as a cause of the outcome.", Omission);

        AnswerFormat.YesNo.Extract(without).Answer.ShouldBe("no");
        AnswerFormat.YesNo.Extract(with).Answer.ShouldBe("yes");
    }

    [Fact]
    public async Task RunAsync_OnSimulator_RepairsRisingLevelsAndIsReproducible()
    {
        var first = await RunAsync(seed: 5);
        var second = await RunAsync(seed: 5);

        first.Run.Status.ShouldBe(RunStatus.Completed);
        first.Run.BestPrompt.Text.ShouldBe(second.Run.BestPrompt.Text, "same seed, same run");
        first.Run.Usage.Total.Calls.ShouldBe(second.Run.Usage.Total.Calls);
        first.Run.MetricHistory.Count(h => h.Decision == PromptUpdateDecision.Accepted).ShouldBeGreaterThan(0);
        var scores = first.Run.PromptHistory.Where(p => p.Score.HasValue).ToList();
        first.Run.BestPrompt.Score.ShouldBe(scores.Max(p => p.Score));
        first.Run.BestPrompt.Score!.Value.ShouldBeGreaterThan(scores.Single(p => p.Version == 0).Score!.Value, "the optimized prompt covers more synthetic items than the initial one");
        first.Run.BestPrompt.Text.ShouldContain("Rule explanation:");
        first.Comparison.Simulated.ShouldBeTrue();
        first.Comparison.Evaluations.Select(e => e.Name).ShouldBe(["optimized", "initial", "zero_shot", "chain_of_thought"]);
        first.Comparison.Evaluations.ShouldAllBe(e => e.Accuracy.Total == 40);
    }

    private static async Task<(RunResult Run, PromptComparison Comparison)> RunAsync(int seed)
    {
        var task = (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", "causal_judgement.json"), cancellationToken: TestContext.Current.CancellationToken))
            .SplitHeldOut(40, seed);
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = seed, Behaviors = { SipdoSimulation.Behavior } });
        var run = await PromptLoop.Create()
            .WithChatClient(client)
            .WithSeed(seed)
            .UseSipdo(task, o => o.Levels = 6)
            .Build()
            .RunAsync("Answer with Yes or No.", TestContext.Current.CancellationToken);
        var comparison = await new SipdoEvaluator(client.AsModelGateway(), task)
            .CompareWithBaselinesAsync(run.BestPrompt.Text, "Answer with Yes or No.", TestContext.Current.CancellationToken);
        return (run, comparison);
    }

    private static async Task<string> AskAsync(IChatClient client, string prompt, string question)
    {
        var options = new ChatOptions { Temperature = 0, AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "sipdo.task" } };
        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, prompt), new ChatMessage(ChatRole.User, question)], options, TestContext.Current.CancellationToken);
        return response.Text;
    }
}
