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
        Items(resumed).ShouldBe(Items(expected));
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
        Items(resumed).ShouldBe(Items(expected));
    }

    [Fact]
    public async Task EvaluateAsync_JournalInTheSavedFormat_ReadsEveryItemWithoutModelCalls()
    {
        var token = TestContext.Current.CancellationToken;
        var task = HeldOutTask();
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync("run", token);
        // The line format of evaluation/held_out.jsonl as runs have saved it: a resumed run must read it unchanged.
        string key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Initial)));
        var lines = task.HeldOut.Select((e, i) => i == 0
            ? $$"""{"prompt_sha256":"{{key}}","index":0,"item":{"sample_id":"{{e.Id}}","expected":"maybe","extracted":null,"correct":false,"reason":"unparseable: saved","output":"saved output 0"},"simulated":true}"""
            : $$"""{"prompt_sha256":"{{key}}","index":{{i}},"item":{"sample_id":"{{e.Id}}","expected":"yes","extracted":"yes","correct":true,"reason":null,"output":"saved output {{i}}"},"simulated":false}""");
        await store.WriteTextAsync(runId, "evaluation/held_out.jsonl", string.Join('\n', lines) + "\n", token);
        var model = new FakeSipdoModel();

        var evaluation = await new SipdoEvaluator(model.AsModelGateway(), task, null, store, runId).EvaluateAsync("initial", Initial, token);

        model.Calls.ShouldBeEmpty();
        var first = evaluation.Items[0];
        (first.SampleId, first.Expected, first.Extracted, first.Correct, first.Reason, first.Output, first.Simulated)
            .ShouldBe((task.HeldOut[0].Id, "maybe", (string?)null, false, (string?)"unparseable: saved", "saved output 0", true));
        evaluation.Items.Skip(1).Select(i => (i.Extracted, i.Correct, i.Output, i.Simulated))
            .ShouldBe(Enumerable.Range(1, task.HeldOut.Count - 1).Select(i => ((string?)"yes", true, $"saved output {i}", false)));
        evaluation.Unparseable.ShouldBe(1);
        evaluation.Accuracy.Successes.ShouldBe(task.HeldOut.Count - 1);
    }

    private static List<(string, string, string?, bool, string?, string, bool)> Items(PromptComparison comparison) =>
        comparison.Evaluations.SelectMany(e => e.Items).Select(i => (i.SampleId, i.Expected, i.Extracted, i.Correct, i.Reason, i.Output, i.Simulated)).ToList();
}
