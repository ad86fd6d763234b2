using System.Text.RegularExpressions;
using PromptForge.Cli.Commands;
using PromptForge.Sipdo;
using PromptForge.Testing;

namespace PromptForge.Cli.Tests.Commands;

/// <summary>The honest ending of an optimize run, on scripted models: rejected levels, unparseable answers, equal scores.</summary>
public sealed partial class OptimizeEndingNotesTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("pf-ending-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task LevelWarningAsync_VerifiersRejectEveryCandidate_SaysHowManyLevelsAndCandidatesAndWhy()
    {
        var client = new ScriptedChatClient()
            .RespondForRoleWith(SipdoRoles.Generator.Tag, call => $$"""{"input": "Is item {{call.RoleCallNumber}} red?", "answer": {{LabelBlock().Match(call.Messages[^1].Text).Groups["l"].Value}}, "choices": []}""")
            .RespondForRoleWith(SipdoRoles.Verifier.Tag, _ => """{"answer": null, "label_is_correct": false, "reason": "the item does not support the label"}""")
            .RespondForRoleWith(SipdoRoles.Task.Tag, _ => "The answer is: Yes");
        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root });

        var run = await PromptLoop.Create()
            .WithChatClient(client)
            .WithRunStore(store)
            .UseSipdo(Task(), o => o.Levels = 3)
            .Build()
            .RunAsync("Answer Yes or No.", TestContext.Current.CancellationToken);
        var warning = await OptimizeEndingNotes.LevelWarningAsync(run, store, TestContext.Current.CancellationToken);

        warning.ShouldNotBeNull();
        warning.ShouldStartWith("3/3 levels kept no item: 9/9 candidates rejected (9 by the verifiers)");
        warning.ShouldContain("optimized on 0 synthetic item(s) only");
    }

    [Fact]
    public async Task LevelWarningAsync_EveryLevelKeptAnItem_SaysNothing()
    {
        var client = new ScriptedChatClient()
            .RespondForRoleWith(SipdoRoles.Generator.Tag, call => $$"""{"input": "Is item {{call.RoleCallNumber}} red?", "answer": {{LabelBlock().Match(call.Messages[^1].Text).Groups["l"].Value}}, "choices": []}""")
            .RespondForRoleWith(SipdoRoles.Verifier.Tag, _ => """{"answer": null, "label_is_correct": true, "reason": "fine"}""")
            .RespondForRoleWith(SipdoRoles.Task.Tag, call => call.LastUserText.Contains("item 1 ", StringComparison.Ordinal) ? "The answer is: Yes" : "The answer is: No");
        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root });
        var run = await PromptLoop.Create()
            .WithChatClient(client)
            .WithRunStore(store)
            .UseSipdo(Task(), o => { o.Levels = 2; o.MaxRepairAttempts = 1; })
            .Build()
            .RunAsync("Answer Yes or No.", TestContext.Current.CancellationToken);

        run.MetricHistory.ShouldContain(h => h.SampleCount > 0);
        (await OptimizeEndingNotes.LevelWarningAsync(run, store, TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task HeldOutNotes_TaskModelNeverStatesAnAnswer_ShowsUnparseableCountsAndEqualScores()
    {
        var client = new ScriptedChatClient().RespondForRoleWith(SipdoRoles.Task.Tag, _ => "It depends on how one reads the question.");
        var task = Task().SplitHeldOut(30, 1);

        var comparison = await new SipdoEvaluator(client.AsModelGateway(), task)
            .CompareWithBaselinesAsync("Answer Yes or No.", "Answer.", TestContext.Current.CancellationToken);
        var notes = OptimizeEndingNotes.HeldOutNotes(comparison);

        OptimizeEndingNotes.UnparseableColumn(comparison.Evaluations[0]).ShouldBe("  30/30 unparseable");
        notes.ShouldContain(n => n.StartsWith("30/30 answers of the optimized prompt were unparseable", StringComparison.Ordinal));
        notes.ShouldContain("Every compared prompt scored the same (0/30): this held-out evaluation does not tell them apart.");
    }

    [Fact]
    public async Task HeldOutNotes_PromptsScoreDifferently_SaysNothingAboutEqualScores()
    {
        var client = new ScriptedChatClient().RespondForRoleWith(SipdoRoles.Task.Tag, call =>
            call.Messages[0].Text.Contains("carefully", StringComparison.Ordinal) ? "The answer is: Yes" : "The answer is: No");
        var task = Task().SplitHeldOut(30, 1);

        var comparison = await new SipdoEvaluator(client.AsModelGateway(), task)
            .CompareAsync([new("optimized", "Answer carefully."), new("initial", "Answer.")], TestContext.Current.CancellationToken);

        OptimizeEndingNotes.HeldOutNotes(comparison).ShouldBeEmpty();
        OptimizeEndingNotes.UnparseableColumn(comparison.Evaluations[0]).ShouldBeEmpty();
    }

    private static TaskDefinition Task() => new(
        "colors",
        "Answer whether the thing is red.",
        AnswerFormat.YesNo,
        Enumerable.Range(1, 40).Select(i => new TaskExample($"e{i}", $"Is thing {i} red?", i % 2 == 0 ? "Yes" : "No")));

    [GeneratedRegex("<label>(?<l>\"[^\"]*\")</label>")]
    private static partial Regex LabelBlock();
}
