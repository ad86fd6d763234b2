using Microsoft.Extensions.AI;
using PromptForge.Sipdo.Tests.Fakes;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Evaluation;

public sealed class SipdoEvaluatorTests
{
    private static TaskDefinition HeldOutTask() =>
        new TaskDefinition(
            "toy",
            "Decide whether the agent caused the outcome.",
            AnswerFormat.YesNo,
            Enumerable.Range(1, 20).Select(i => new TaskExample($"r{i}", $"[skill:{(i <= 10 ? "a" : "b")}] [truth:{(i % 2 == 0 ? "Yes" : "No")}] Question {i}?", i % 2 == 0 ? "Yes" : "No")))
        .SplitHeldOut(10, seed: 3);

    [Fact]
    public async Task EvaluateAsync_CountsCorrectPerLabelAndKeepsRawOutputs()
    {
        var model = new FakeSipdoModel();
        var task = HeldOutTask();
        var evaluator = new SipdoEvaluator(model.AsModelGateway(), task);

        var evaluation = await evaluator.EvaluateAsync("rules_a", "RULE:a", TestContext.Current.CancellationToken);

        var expectedCorrect = task.HeldOut.Count(e => e.Input.Contains("[skill:a]", StringComparison.Ordinal));
        evaluation.Accuracy.Total.ShouldBe(10);
        evaluation.Accuracy.Successes.ShouldBe(expectedCorrect);
        evaluation.Accuracy.ShouldBe(ProportionInterval.Wilson(expectedCorrect, 10));
        evaluation.PerLabel.Keys.ShouldBe(["no", "yes"], ignoreOrder: true);
        evaluation.PerLabel.Values.Sum(v => v.Total).ShouldBe(10);
        evaluation.Items.ShouldAllBe(i => i.Output.StartsWith("Thinking about it", StringComparison.Ordinal));
        evaluation.Unparseable.ShouldBe(0);
        model.Calls.ShouldAllBe(c => c.Role == "sipdo.task" && c.System == "RULE:a" && c.Temperature == 0f);
        model.Calls.Select(c => c.User).ShouldBe(task.HeldOut.Select(e => e.Input), ignoreOrder: true);
    }

    [Fact]
    public async Task EvaluateAsync_UnparseableOutput_CountsWrongWithReason()
    {
        var model = new FakeSipdoModel { Answer = (_, _) => "I would rather not say." };
        var evaluator = new SipdoEvaluator(model.AsModelGateway(), HeldOutTask());

        var evaluation = await evaluator.EvaluateAsync("shy", "Answer.", TestContext.Current.CancellationToken);

        evaluation.Accuracy.Successes.ShouldBe(0);
        evaluation.Unparseable.ShouldBe(10);
        evaluation.Items.ShouldAllBe(i => i.Reason!.StartsWith("unparseable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EvaluateAsync_ScriptedModel_ItemsCarryTheExtractedAnswerAndTheRawOutput()
    {
        var task = HeldOutTask();
        var client = new ScriptedChatClient();
        // "Yes" to the questions whose truth is Yes, nothing readable to the others.
        client.RespondForRoleWith("sipdo.task", call => call.Messages[^1].Text.Contains("[truth:Yes]", StringComparison.Ordinal)
            ? $"Weighing it: the answer is Yes. ({call.Messages[^1].Text.Length})"
            : "I cannot tell.");
        var evaluator = new SipdoEvaluator(client.AsModelGateway(), task);

        var evaluation = await evaluator.EvaluateAsync("scripted", "Answer Yes or No.", TestContext.Current.CancellationToken);

        evaluation.Items.Select(i => i.SampleId).ShouldBe(task.HeldOut.Select(e => e.Id), "the items keep the split's order");
        foreach (var (item, example) in evaluation.Items.Zip(task.HeldOut))
        {
            item.Expected.ShouldBe(example.Target.ToLowerInvariant());
            item.Simulated.ShouldBeFalse();
            if (example.Target == "Yes")
            {
                (item.Extracted, item.Correct, item.Reason).ShouldBe(("yes", true, null));
                item.Output.ShouldBe($"Weighing it: the answer is Yes. ({example.Input.Length})");
            }
            else
            {
                (item.Extracted, item.Correct).ShouldBe((null, false));
                item.Reason.ShouldNotBeNull().ShouldStartWith("unparseable");
                item.Output.ShouldBe("I cannot tell.");
            }
        }

        evaluation.Unparseable.ShouldBe(task.HeldOut.Count(e => e.Target == "No"));
    }

    [Fact]
    public async Task EvaluateAsync_OfflineSimulatorAnswers_ItemsAreMarkedSimulated()
    {
        var client = new ScriptedChatClient();
        client.RespondForRoleWith("sipdo.task", _ => ScriptedReply.FromResponse(new ChatResponse(new ChatMessage(ChatRole.Assistant, "The answer is No."))
        {
            AdditionalProperties = new() { [PromptForgeChatOptionKeys.Simulated] = true },
        }));
        var evaluator = new SipdoEvaluator(client.AsModelGateway(), HeldOutTask());

        var evaluation = await evaluator.EvaluateAsync("simulated", "Answer Yes or No.", TestContext.Current.CancellationToken);

        evaluation.Items.Count.ShouldBe(10);
        evaluation.Items.ShouldAllBe(i => i.Simulated && i.Extracted == "no");
    }

    [Fact]
    public async Task CompareWithBaselinesAsync_EvaluatesFourPromptsOnTheSameSplit()
    {
        var model = new FakeSipdoModel();
        var task = HeldOutTask();
        var evaluator = new SipdoEvaluator(model.AsModelGateway(), task);

        var comparison = await evaluator.CompareWithBaselinesAsync("RULE:a RULE:b", "Answer Yes or No.", TestContext.Current.CancellationToken);

        comparison.Evaluations.Select(e => e.Name).ShouldBe(["optimized", "initial", "zero_shot", "chain_of_thought"]);
        comparison.HeldOutCount.ShouldBe(10);
        comparison.Simulated.ShouldBeFalse();
        comparison.Evaluations[0].Accuracy.Successes.ShouldBe(10);
        comparison.Evaluations[1].Accuracy.Successes.ShouldBe(0);
        evaluator.ZeroShotPrompt.ShouldStartWith("Decide whether the agent caused the outcome.");
        evaluator.ZeroShotPrompt.ShouldContain("The answer is: <label>");
        evaluator.ChainOfThoughtPrompt.ShouldContain("Let's think step by step");
        model.Calls.Count.ShouldBe(40);
        var json = comparison.ToJson();
        json.ShouldContain("\"held_out_count\": 10");
        json.ShouldContain("\"per_label\"");
        // Every item carries the model's raw output under "output", next to the answer extracted from it.
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var items = document.RootElement.GetProperty("evaluations")[0].GetProperty("items");
        items.GetArrayLength().ShouldBe(10);
        for (int i = 0; i < 10; i++)
        {
            string output = items[i].GetProperty("output").GetString().ShouldNotBeNull();
            output.ShouldBe(comparison.Evaluations[0].Items[i].Output);
            output.ShouldContain(items[i].GetProperty("extracted").GetString().ShouldNotBeNull(), Case.Insensitive);
        }
    }

    [Fact]
    public async Task EvaluateAsync_ThroughResponseCache_SecondEvaluationCostsNoModelCalls()
    {
        var model = new FakeSipdoModel();
        var directory = Path.Combine(Path.GetTempPath(), "sipdo-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            var gateway = model.WithResponseCache(options: new ChatResponseCacheOptions { CacheDirectory = directory }).AsModelGateway();

            // Two evaluators (as two processes would be): the second is answered by the response cache.
            var first = await new SipdoEvaluator(gateway, HeldOutTask()).EvaluateAsync("a", "RULE:a", TestContext.Current.CancellationToken);
            var second = await new SipdoEvaluator(gateway, HeldOutTask()).EvaluateAsync("a", "RULE:a", TestContext.Current.CancellationToken);

            model.Calls.Count.ShouldBe(10);
            second.Accuracy.ShouldBe(first.Accuracy);
            gateway.Usage.Total().CachedCalls.ShouldBe(10);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task CompareWithBaselinesAsync_OptimizedEqualsInitial_RunsThePromptOnce()
    {
        var model = new FakeSipdoModel();
        var evaluator = new SipdoEvaluator(model.AsModelGateway(), HeldOutTask());

        var comparison = await evaluator.CompareWithBaselinesAsync("RULE:a", "RULE:a", TestContext.Current.CancellationToken);
        var again = await evaluator.EvaluateAsync("again", "RULE:a", TestContext.Current.CancellationToken);

        model.Calls.Count.ShouldBe(30, "three distinct prompts on ten held-out examples");
        comparison.Evaluations[0].Accuracy.ShouldBe(comparison.Evaluations[1].Accuracy);
        again.Name.ShouldBe("again");
        again.Accuracy.ShouldBe(comparison.Evaluations[0].Accuracy);
    }

    [Fact]
    public async Task EvaluateAsync_Cancelled_ThrowsAndALaterCallRuns()
    {
        var model = new FakeSipdoModel();
        var evaluator = new SipdoEvaluator(model.AsModelGateway(), HeldOutTask());
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => evaluator.EvaluateAsync("a", "RULE:a", cancelled.Token));
        var evaluation = await evaluator.EvaluateAsync("a", "RULE:a", TestContext.Current.CancellationToken);

        evaluation.Accuracy.Total.ShouldBe(10);
    }

    [Fact]
    public void Constructor_TaskWithoutHeldOut_Throws()
    {
        var ex = Should.Throw<ArgumentException>(() => new SipdoEvaluator(new FakeSipdoModel().AsModelGateway(), SipdoHarness.ToyTask()));

        ex.Message.ShouldContain("SplitHeldOut");
    }

    [Fact]
    public async Task CompareAsync_DuplicateNames_Throw()
    {
        var evaluator = new SipdoEvaluator(new FakeSipdoModel().AsModelGateway(), HeldOutTask());

        await Should.ThrowAsync<ArgumentException>(() => evaluator.CompareAsync([new("a", "x"), new("a", "y")], TestContext.Current.CancellationToken));
    }
}
