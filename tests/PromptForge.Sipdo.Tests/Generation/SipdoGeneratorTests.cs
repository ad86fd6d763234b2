using System.Text;
using System.Text.Json;
using PromptForge.Sipdo.Tests.Fakes;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Generation;

/// <summary>The prompt-targeted generator and adversarial selection, on the scripted model.</summary>
public sealed class SipdoGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_AfterARepairedRound_RequestCarriesTheCurrentPromptAndItsLatestFailures()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 2);

        var requests = harness.Model.Calls.Where(c => c.Role == "sipdo.generator").ToList();
        requests.Count.ShouldBe(2);
        SipdoPromptData.Read(requests[0].User, SipdoPromptData.Prompt, SipdoJsonContext.Default.String).ShouldBe(SipdoHarness.InitialPrompt);
        var before = SipdoPromptData.Read(requests[0].User, SipdoPromptData.Weaknesses, SipdoJsonContext.Default.WeaknessPayload);
        before.Analyses.ShouldBeEmpty();
        before.Failures.ShouldBeEmpty();

        var repaired = run.PromptHistory.Single(p => p.Version == 1);
        SipdoPromptData.Read(requests[1].User, SipdoPromptData.Prompt, SipdoJsonContext.Default.String).ShouldBe(repaired.Text);
        var after = SipdoPromptData.Read(requests[1].User, SipdoPromptData.Weaknesses, SipdoJsonContext.Default.WeaknessPayload);
        after.Analyses.ShouldHaveSingleItem().ShouldContain("[skill:s1]");
        var failure = after.Failures.ShouldHaveSingleItem();
        failure.Question.ShouldBe(run.Samples[0].Input);
        failure.GroundTruth.ShouldBe(run.Samples[0].Expected);
        failure.ModelAnswer.ShouldContain("The answer is");
        failure.StillFailing.ShouldBeFalse("the round's repair was confirmed");
    }

    [Fact]
    public async Task GenerateAsync_AfterAFailedRepair_MarksTheItemStillFailing()
    {
        var harness = new SipdoHarness();
        harness.Model.Rewrite = (baseline, _, attempt) => $"{baseline}\nTry harder ({attempt}).";

        await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.MaxRepairAttempts = 1;
        });

        var second = harness.Model.Calls.Where(c => c.Role == "sipdo.generator").ElementAt(1);
        SipdoPromptData.Read(second.User, SipdoPromptData.Prompt, SipdoJsonContext.Default.String).ShouldBe(SipdoHarness.InitialPrompt, "the failed rewrite was not adopted");
        var weaknesses = SipdoPromptData.Read(second.User, SipdoPromptData.Weaknesses, SipdoJsonContext.Default.WeaknessPayload);
        weaknesses.Failures.ShouldHaveSingleItem().StillFailing.ShouldBeTrue();
    }

    [Fact]
    public async Task RunAsync_HighLambda_ChoosesACandidateTheCurrentPromptFails()
    {
        var (harness, run) = await RunYesSayerAsync(lambda: 4);

        var levels = Enumerable.Range(1, 3).Select(i => Generation(harness, run, i)).ToList();
        foreach (var level in levels)
        {
            var candidates = level.GetProperty("candidates").EnumerateArray().ToList();
            candidates.Count.ShouldBe(4);
            var chosen = candidates.Single(c => c.GetProperty("chosen").GetBoolean());
            var anyFails = candidates.Any(c => c.GetProperty("current_prompt_failed").GetBoolean());
            chosen.GetProperty("current_prompt_failed").GetBoolean().ShouldBe(anyFails, "λ = 4 outweighs any ΔKL of one label");
        }

        levels.ShouldContain(l => l.GetProperty("candidates").EnumerateArray().Any(c => c.GetProperty("chosen").GetBoolean() && c.GetProperty("current_prompt_failed").GetBoolean()));
        run.MetricHistory.Take(3).Sum(m => m.Metrics[SipdoMetrics.NewItemAccuracy].Value ?? 1).ShouldBeLessThan(3);
    }

    [Fact]
    public async Task RunAsync_LambdaZero_ChoosesTheLabelMatchingCandidate()
    {
        var (harness, run) = await RunYesSayerAsync(lambda: 0);

        var skippedAFailingCandidate = false;
        for (var iteration = 1; iteration <= 3; iteration++)
        {
            var candidates = Generation(harness, run, iteration).GetProperty("candidates").EnumerateArray().ToList();
            var chosen = candidates.Single(c => c.GetProperty("chosen").GetBoolean());
            var lowest = candidates.Min(c => c.GetProperty("delta_divergence").GetDouble());
            chosen.GetProperty("delta_divergence").GetDouble().ShouldBe(lowest, 1e-12);
            chosen.GetProperty("sample_id").GetString().ShouldBe(candidates[0].GetProperty("sample_id").GetString(), "the first candidate carries the KL-best label");
            skippedAFailingCandidate |= !chosen.GetProperty("current_prompt_failed").GetBoolean()
                && candidates.Any(c => c.GetProperty("current_prompt_failed").GetBoolean());
        }

        skippedAFailingCandidate.ShouldBeTrue("with λ = 0 the loss term plays no part");
    }

    [Fact]
    public async Task RunAsync_EveryLevel_PersistsTheGenerationRecord()
    {
        var (harness, run) = await RunYesSayerAsync(lambda: 2.5);

        for (var iteration = 1; iteration <= 3; iteration++)
        {
            var record = Generation(harness, run, iteration);
            record.GetProperty("level").GetInt32().ShouldBe(iteration);
            record.GetProperty("lambda").GetDouble().ShouldBe(2.5);
            record.GetProperty("candidates_per_item").GetInt32().ShouldBe(4);
            record.GetProperty("label_divergence").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
            foreach (var candidate in record.GetProperty("candidates").EnumerateArray())
            {
                candidate.GetProperty("label").GetString().ShouldBeOneOf("yes", "no");
                candidate.GetProperty("current_prompt_failed").GetBoolean().ShouldBe(candidate.GetProperty("label").GetString() == "no", "the task model always says Yes");
                candidate.TryGetProperty("chosen", out _).ShouldBeTrue();
            }
        }

        // The candidates' task calls are extra: three items verified (3 votes each), twelve candidates answered. The
        // yes-sayer cannot be repaired on "no" items, so the re-check after a failed repair votes too (with the model's answer).
        harness.Model.Calls.Count(c => c.Role == "sipdo.verifier" && !c.User.Contains("<model_answer>", StringComparison.Ordinal)).ShouldBe(9);
        harness.Model.CountCalls("sipdo.generator").ShouldBe(12);
    }

    [Fact]
    public async Task RunAsync_OneCandidate_RecordsTheLevelWithoutExtraTaskCalls()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 1);

        var candidate = Generation(harness, run, 1).GetProperty("candidates").EnumerateArray().ShouldHaveSingleItem();
        candidate.GetProperty("chosen").GetBoolean().ShouldBeTrue();
        candidate.TryGetProperty("current_prompt_failed", out _).ShouldBeFalse("not measured: no extra call");
        harness.Model.CountCalls("sipdo.generator").ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_OneShotExtremes_WritesEveryItemAtTheHardestLevel()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 3;
            o.Curriculum = SipdoCurriculumKind.OneShotExtremes;
        });

        run.Status.ShouldBe(RunStatus.Completed);
        run.Samples.Select(s => s.Difficulty).ShouldBe([3, 3, 3]);
    }

    [Fact]
    public async Task GenerateAsync_ValidatorRejects_SeesTheSampleAsKeptAndTheRejectionIsRecordedWithoutVerifierCalls()
    {
        var harness = new SipdoHarness();
        // Lower-case answers: the kept sample spells the requested label as the real examples do ("Yes", "No").
        harness.Model.Generate = (level, attempt, label) => ($"[skill:s{level}] [truth:{label}] Level {level} item, attempt {attempt}?", label.ToLowerInvariant());
        var validator = new RecordingValidator(c => c.Sample.Provenance.Attempt == 1 ? "first attempts are not allowed" : null);

        var run = await harness.RunAsync(o =>
        {
            o.Levels = 2;
            o.SelectionRound = false;
            o.Validators.Add(validator);
        });

        validator.Seen.Count.ShouldBe(4, "two attempts per level");
        for (var level = 1; level <= 2; level++)
        {
            var (first, second) = (validator.Seen[2 * (level - 1)], validator.Seen[(2 * (level - 1)) + 1]);
            var rejected = harness.Rejected(run, level).ShouldHaveSingleItem();
            rejected.Provenance.Note.ShouldBe("validator_recording: first attempts are not allowed");
            (first.Sample.Id, first.Sample.Input, first.Sample.Expected, first.Sample.Difficulty).ShouldBe((rejected.Id, rejected.Input, rejected.Expected, rejected.Difficulty));
            first.Sample.Provenance.Note.ShouldBeNull("the validator sees the sample as it would be kept");
            var kept = run.Samples[level - 1];
            (second.Sample.Id, second.Sample.Input, second.Sample.Expected, second.Sample.Difficulty).ShouldBe((kept.Id, kept.Input, kept.Expected, level));
            second.Sample.Expected.ShouldBeOneOf("Yes", "No");
            second.Sample.Provenance.Attempt.ShouldBe(2);
            second.Choices.ShouldBeNull("the toy task lists no choices per item");
            Generation(harness, run, level).GetProperty("rejections_by_reason").GetProperty("validator_recording").GetInt32().ShouldBe(1);
        }

        harness.Model.CountCalls("sipdo.verifier").ShouldBe(2 * 3, "only the kept attempt of each level is put to the three votes");
    }

    [Fact]
    public async Task GenerateAsync_CandidateWithChoices_ValidatorSeesThemAsAList()
    {
        var task = new TaskDefinition(
            "choice_toy",
            "Pick the option that answers the question.",
            AnswerFormat.MultipleChoice,
            Enumerable.Range(1, 6).Select(i => new TaskExample($"real-{i}", $"Real question {i}? Options: (A) x (B) y", i % 2 == 0 ? "(A)" : "(B)")));
        var client = new ScriptedChatClient();
        client.RespondForRoleWith("sipdo.generator", call =>
        {
            var label = SipdoPromptData.Read(call.Messages[0].Text, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            return ScriptedReply.FromText($$"""{"input": "Which colour is the sky? Options: (A) blue (B) green", "answer": "{{label}}", "choices": ["blue", "green", " "], "rationale": "r"}""");
        });
        client.RespondForRoleWith("sipdo.verifier", _ => ScriptedReply.FromText("""{"answer": null, "label_is_correct": true, "reason": "ok"}"""));
        client.RespondForRoleWith("sipdo.task", _ => ScriptedReply.FromText("The answer is (A)."));
        var validator = new RecordingValidator(_ => null);

        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(task, o =>
        {
            o.Levels = 1;
            o.SelectionRound = false;
            o.VerifierVotes = 1;
            o.Validators.Add(validator);
        }).Build().RunAsync("Answer with the option letter.", TestContext.Current.CancellationToken);

        var seen = validator.Seen.ShouldHaveSingleItem();
        seen.Choices.ShouldBe(["blue", "green"], "blank choices are dropped before the checks");
        seen.Sample.Id.ShouldBe(run.Samples.ShouldHaveSingleItem().Id);
    }

    /// <summary>Three levels, four candidates each; the task model always answers Yes, so it fails exactly the "No" items.</summary>
    private static async Task<(SipdoHarness Harness, RunResult Run)> RunYesSayerAsync(double lambda)
    {
        var harness = new SipdoHarness();
        harness.Model.Answer = (_, _) => "The answer is Yes.";
        harness.Model.Rewrite = (baseline, _, attempt) => $"{baseline}\nTry harder ({attempt}).";
        var run = await harness.RunAsync(o =>
        {
            o.Levels = 3;
            o.Candidates = 4;
            o.Lambda = lambda;
            o.MaxRepairAttempts = 1;
            o.SelectionRound = false;
        });
        return (harness, run);
    }

    private static JsonElement Generation(SipdoHarness harness, RunResult run, int iteration) =>
        JsonDocument.Parse(Encoding.UTF8.GetString(harness.Store.Files(run.RunId)[$"iter_{iteration:000}/generation.json"])).RootElement;

    /// <summary>Keeps every context it is asked about, in order, and answers with <paramref name="problem"/>.</summary>
    private sealed class RecordingValidator(Func<SampleValidationContext, string?> problem) : ISampleValidator
    {
        public List<SampleValidationContext> Seen { get; } = [];

        public string Name => "recording";

        public string? Validate(SampleValidationContext context)
        {
            Seen.Add(context);
            return problem(context);
        }
    }
}
