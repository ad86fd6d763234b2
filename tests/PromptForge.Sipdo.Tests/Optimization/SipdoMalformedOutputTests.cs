using PromptForge.Sipdo.Tests.Fakes;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary>Malformed or out-of-bounds model output is repaired once by the gateway, then recorded: never a crash.</summary>
public sealed class SipdoMalformedOutputTests
{
    internal static ScriptedChatClient WorkingClient()
    {
        var client = new ScriptedChatClient();
        var items = 0;
        client.RespondForRoleWith("sipdo.generator", call =>
        {
            var label = SipdoPromptData.Read(call.Messages[0].Text, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            return ScriptedReply.FromText($$"""{"input": "Distinct scenario number {{Interlocked.Increment(ref items)}} about a {{(items % 2 == 0 ? "storm" : "fire")}}?", "answer": "{{label}}", "choices": [], "rationale": "r"}""");
        });
        client.RespondForRoleWith("sipdo.verifier", _ => ScriptedReply.FromText("""{"answer": null, "label_is_correct": true, "reason": "ok"}"""));
        client.RespondForRoleWith("sipdo.task", _ => ScriptedReply.FromText("I cannot tell."));
        client.RespondForRoleWith("sipdo.error_analysis", _ => ScriptedReply.FromText("""{"analysis": "The prompt never asks for a Yes or No."}"""));
        client.RespondForRoleWith("sipdo.suggestion", _ => ScriptedReply.FromText("""{"suggestions": ["Require a final Yes or No."]}"""));
        client.RespondForRoleWith("sipdo.summarizer", _ => ScriptedReply.FromText("""{"summary": "s"}"""));
        return client;
    }

    [Fact]
    public async Task RunAsync_RewriteOverLengthBudget_IsRejectedAfterOneRepairAndTheRoundFails()
    {
        var client = WorkingClient();
        client.RespondForRoleWith("sipdo.rewrite", _ => ScriptedReply.FromText($$"""{"prompt": "{{new string('x', 300)}}", "motivation": "m"}"""));

        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 1;
            o.MaxRepairAttempts = 2;
            o.MaxPromptCharacters = 100;
            o.SelectionRound = false;
        }).Build().RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);

        var round = run.MetricHistory.ShouldHaveSingleItem();
        round.RoundFailed.ShouldBeTrue();
        round.Metrics[SipdoMetrics.RepairsRejected].Value.ShouldBe(2);
        run.FinalPrompt.Text.ShouldBe(SipdoHarness.InitialPrompt);
        var rewrites = client.CallsForRole("sipdo.rewrite");
        rewrites.Count.ShouldBe(4, "two attempts, each with one repair call");
        rewrites[1].LastUserText.ShouldContain("the revised prompt has 300 characters; the limit is 100");
    }

    [Fact]
    public async Task RunAsync_GeneratorOutputStaysMalformed_RecordsRejectionsAndSkipsTheLevel()
    {
        var client = WorkingClient();
        client.RespondForRoleWith("sipdo.generator", _ => ScriptedReply.FromText("Sure! Here is a great item for you."));
        var store = new InMemoryRunStore();

        var builder = PromptLoop.Create().WithChatClient(client).WithRunStore(store).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 1;
            o.MaxGenerationAttempts = 2;
            o.SelectionRound = false;
        });
        builder.Options.MaxContentFailureShare = 1;   // every generator call is malformed: this checks the recording, not the limit
        var run = await builder.Build().RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(RunStatus.Completed);
        var round = run.MetricHistory.ShouldHaveSingleItem();
        round.LevelSkipped.ShouldBeTrue();
        round.RejectedSampleCount.ShouldBe(2);
        client.CallsForRole("sipdo.generator").Count.ShouldBe(4);
        client.CallsForRole("sipdo.verifier").ShouldBeEmpty();
        store.ReadText(run.RunId, "iter_001/rejected_samples.jsonl").ShouldContain("malformed_output");
    }

    [Fact]
    public async Task RunAsync_GeneratorOutputStaysMalformedByDefault_InterruptsAboveTheContentFailureShare()
    {
        var client = WorkingClient();
        client.RespondForRoleWith("sipdo.generator", _ => ScriptedReply.FromText("Sure! Here is a great item for you."));

        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 1;
            o.MaxGenerationAttempts = 2;
            o.SelectionRound = false;
        }).Build().RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);

        run.Status.ShouldBe(RunStatus.Interrupted);
        run.StopReason!.ShouldContain("ended in a content failure");
        run.MetricHistory.ShouldBeEmpty();
    }

    [Fact]
    public async Task RunAsync_UnparseableTaskAnswers_AreErrorsWithTheirReason()
    {
        var client = WorkingClient();
        client.RespondForRoleWith("sipdo.rewrite", call => ScriptedReply.FromText("""{"prompt": "Answer Yes or No. End with: The answer is Yes/No.", "motivation": "m"}"""));

        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 1;
            o.MaxRepairAttempts = 1;
            o.SelectionRound = false;
        }).Build().RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);

        var critique = run.MetricHistory[0].Critiques.Single(c => c.CriticName == "sipdo_task");
        critique.Verdicts.ShouldHaveSingleItem().Reason!.ShouldStartWith("unparseable: none of the labels");
        critique.Complaints.ShouldHaveSingleItem().Code.ShouldBe("sipdo.wrong_answer");
        run.MetricHistory[0].RoundFailed.ShouldBeTrue("the task model never answers, so no rewrite passes local confirmation");
    }
}
