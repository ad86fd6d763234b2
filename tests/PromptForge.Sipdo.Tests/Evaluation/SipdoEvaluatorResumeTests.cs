using PromptForge.Sipdo.Tests.Fakes;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Evaluation;

/// <summary>The held-out evaluation saved item by item in the run: interrupted at any item, it resumes without paying an item twice.</summary>
public sealed class SipdoEvaluatorResumeTests
{
    private const string Optimized = "RULE:a RULE:b";
    private const string Initial = "Answer Yes or No.";

    private static TaskDefinition HeldOutTask() =>
        new TaskDefinition(
            "toy",
            "Decide whether the agent caused the outcome.",
            AnswerFormat.YesNo,
            Enumerable.Range(1, 16).Select(i => new TaskExample($"r{i}", $"[skill:{(i <= 8 ? "a" : "b")}] [truth:{(i % 2 == 0 ? "Yes" : "No")}] Question {i}?", i % 2 == 0 ? "Yes" : "No")))
        .SplitHeldOut(6, seed: 3);

    public static TheoryData<int> CrashPoints() => new(Enumerable.Range(1, 4 * 6));

    [Theory]
    [MemberData(nameof(CrashPoints))]
    public async Task CompareWithBaselinesAsync_InterruptedAtAnySavedItem_ResumesWithSameResultAndPaysNoItemTwice(int crashAtItem)
    {
        var token = TestContext.Current.CancellationToken;
        var task = HeldOutTask();
        var referenceModel = new FakeSipdoModel();
        var referenceStore = new InMemoryRunStore();
        string referenceRun = await referenceStore.CreateRunAsync("run", token);
        var expected = await new SipdoEvaluator(referenceModel.AsModelGateway(), task, null, referenceStore, referenceRun)
            .CompareWithBaselinesAsync(Optimized, Initial, token);
        int totalCalls = referenceModel.Calls.Count;
        totalCalls.ShouldBe(4 * 6);

        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync("run", token);
        int appends = 0;
        store.BeforeWrite = (_, path) =>
        {
            if (path == "evaluation/held_out.jsonl" && Interlocked.Increment(ref appends) == crashAtItem)
            {
                throw new IOException("simulated kill");
            }
        };
        var firstModel = new FakeSipdoModel();
        await Should.ThrowAsync<IOException>(() => new SipdoEvaluator(firstModel.AsModelGateway(), task, null, store, runId).CompareWithBaselinesAsync(Optimized, Initial, token));
        store.BeforeWrite = null;
        int saved = store.ReadText(runId, "evaluation/held_out.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length;

        var secondModel = new FakeSipdoModel();
        var resumed = await new SipdoEvaluator(secondModel.AsModelGateway(), task, null, store, runId).CompareWithBaselinesAsync(Optimized, Initial, token);

        secondModel.Calls.Count.ShouldBe(totalCalls - saved, "only the items not saved are paid again");
        resumed.Evaluations.Select(e => (e.Name, e.Accuracy)).ShouldBe(expected.Evaluations.Select(e => (e.Name, e.Accuracy)));
        resumed.Evaluations.SelectMany(e => e.Items).ShouldBe(expected.Evaluations.SelectMany(e => e.Items));
        store.ReadText(runId, "evaluation/held_out.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(totalCalls);
    }

    [Fact]
    public async Task CompareWithBaselinesAsync_TornLastLine_IsDroppedAndThatItemPaidAgain()
    {
        var token = TestContext.Current.CancellationToken;
        var task = HeldOutTask();
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync("run", token);
        var expected = await new SipdoEvaluator(new FakeSipdoModel().AsModelGateway(), task, null, store, runId).CompareWithBaselinesAsync(Optimized, Initial, token);
        string[] lines = store.ReadText(runId, "evaluation/held_out.jsonl").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        await store.WriteTextAsync(runId, "evaluation/held_out.jsonl", string.Join('\n', lines[..^1]) + "\n" + lines[^1][..20], token);

        var model = new FakeSipdoModel();
        var resumed = await new SipdoEvaluator(model.AsModelGateway(), task, null, store, runId).CompareWithBaselinesAsync(Optimized, Initial, token);

        model.Calls.Count.ShouldBe(1);
        resumed.Evaluations.SelectMany(e => e.Items).ShouldBe(expected.Evaluations.SelectMany(e => e.Items));
    }
}
