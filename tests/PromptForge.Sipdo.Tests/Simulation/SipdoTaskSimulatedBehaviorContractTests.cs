using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptForge.Simulation;
using PromptForge.Sipdo.Tests.Tasks;
using PromptForge.Tests.Shared;

namespace PromptForge.Sipdo.Tests.Simulation;

/// <summary>
/// The contract between SIPDO's requests and the any-task simulated behavior (<see cref="SipdoSimulation.CreateBehavior"/>),
/// per role: requests are built by the real components (a short SIPDO run on a BBH multiple-choice task); every reply must
/// deserialize into SIPDO's reply type and agree with the request's own data blocks and the world derived from the task.
/// </summary>
public sealed class SipdoTaskSimulatedBehaviorContractTests
{
    private static readonly Lazy<Task<(RecordingChatClient Calls, SimulatedTaskWorld World)>> s_run = new(RunAsync);

    [Fact]
    public async Task Generator_RequestFromTheGenerator_ReplyStatesTheRequestedLabelAndIsWrittenFromARealExample()
    {
        var (calls, world) = await s_run.Value;
        var generated = calls.For(SipdoRoles.Generator);

        generated.ShouldNotBeEmpty();
        foreach (var (messages, response) in generated)
        {
            var label = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            var reply = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.GeneratedSampleOutput).ShouldNotBeNull();
            reply.Answer.ShouldBe(label);
            var baseExample = world.Resolve(reply.Input).ShouldNotBeNull("a simulated item is written from a training example");
            world.Task.Examples.ShouldContain(baseExample);
            reply.Rationale.ShouldStartWith($"Exercises {world.DecidingSkill(reply.Input).Name};");
        }
    }

    [Fact]
    public async Task Generator_ManyRequests_HallucinatesALabelOnlyOccasionallyAndMoreAtHigherLevels()
    {
        var (_, world) = await s_run.Value;
        var behavior = SipdoSimulation.CreateBehavior(world.Task);

        double Truthful(int level) => Enumerable.Range(0, 300).Count(seed =>
        {
            var data = SipdoPromptData.Block(SipdoPromptData.Level, level.ToString(System.Globalization.CultureInfo.InvariantCulture))
                + SipdoPromptData.Block(SipdoPromptData.MaxLevel, "10") + SipdoPromptData.Block(SipdoPromptData.Label, "\"(A)\"");
            var reply = JsonSerializer.Deserialize(behavior.Respond(new SimulatedRoleRequest(SipdoRoles.Generator.Tag, [new ChatMessage(ChatRole.User, data)], seed: seed)).Text, SipdoJsonContext.Default.GeneratedSampleOutput)!;
            return world.Format.Normalize(world.Resolve(reply.Input)!.Target) == "A";
        }) / 300.0;

        var easy = Truthful(1);
        var hard = Truthful(10);
        easy.ShouldBeGreaterThan(0.9);
        hard.ShouldBeGreaterThan(0.75);
        hard.ShouldBeLessThan(easy);
    }

    [Fact]
    public async Task Verifier_RequestFromTheGenerator_NeverConfirmsALabelTheItemDoesNotSupport()
    {
        var (calls, world) = await s_run.Value;
        var votes = calls.For(SipdoRoles.Verifier);

        votes.ShouldNotBeEmpty();
        var agreeingOnTruthful = 0;
        var truthful = 0;
        foreach (var (messages, response) in votes)
        {
            var item = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Item, SipdoJsonContext.Default.VerificationItemPayload);
            var vote = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.VerifierVoteOutput).ShouldNotBeNull();
            var supported = world.Format.Normalize(world.Resolve(item.Input).ShouldNotBeNull().Target) == world.Format.Normalize(item.ProposedAnswer);
            if (!supported)
            {
                vote.LabelIsCorrect.ShouldBeFalse();
                continue;
            }

            truthful++;
            agreeingOnTruthful += vote.LabelIsCorrect ? 1 : 0;
        }

        truthful.ShouldBeGreaterThan(0);
        (agreeingOnTruthful / (double)truthful).ShouldBeGreaterThan(0.9, "well-formed, truthful items are accepted most of the time");
    }

    [Fact]
    public async Task Task_RequestFromTheTaskRunner_AnswersParseInTheTaskFormatWhenThePromptStatesIt()
    {
        var (calls, world) = await s_run.Value;
        var answers = calls.For(SipdoRoles.Task);

        answers.ShouldNotBeEmpty();
        foreach (var (messages, response) in answers)
        {
            var prompt = messages.Single(m => m.Role == ChatRole.System).Text;
            var question = messages.Single(m => m.Role == ChatRole.User).Text;
            if (SimulatedTaskWorld.StatesAnswerFormat(prompt))
            {
                world.Format.Extract(response).IsSuccess.ShouldBeTrue(response);
            }

            var skill = world.DecidingSkill(question);
            response.Contains("Applying the prompt's rule", StringComparison.Ordinal).ShouldBe(skill.Coverage(prompt) > 0, response);
        }
    }

    [Fact]
    public async Task Task_PromptStatingTheRuleOfASkill_AnswersMoreItemsOfThatSkillCorrectly()
    {
        var (_, world) = await s_run.Value;
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 3, Behaviors = { SipdoSimulation.CreateBehavior(world.Task) } });
        var items = world.Task.Examples.Concat(world.Task.HeldOut).ToList();
        var skill = world.Skills.OrderByDescending(s => items.Count(i => world.DecidingSkill(i.Input) == s)).First();
        var ofSkill = items.Where(i => world.DecidingSkill(i.Input) == skill).ToList();
        var plain = "Solve the task. " + world.Format.OutputInstruction;
        var ruled = $"{plain}\n- {skill.Rule}\n- {skill.Emphasis}";

        var withoutRule = await CorrectAsync(client, world.Task, plain, ofSkill);
        var withRule = await CorrectAsync(client, world.Task, ruled, ofSkill);

        ofSkill.Count.ShouldBeGreaterThanOrEqualTo(10);
        withRule.ShouldBeGreaterThan(withoutRule, $"the rule of {skill.Name} covers its {ofSkill.Count} items");
    }

    [Fact]
    public async Task ErrorAnalysisAndSuggestion_RequestFromTheUpdater_NameTheSkillsBehindTheErrors()
    {
        var (calls, world) = await s_run.Value;
        var analyses = calls.For(SipdoRoles.ErrorAnalysis);
        var suggestions = calls.For(SipdoRoles.Suggestion);

        analyses.ShouldNotBeEmpty();
        foreach (var (messages, response) in analyses.Concat(suggestions))
        {
            var data = messages[0].Text;
            var prompt = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
            var missing = SipdoPromptData.Read(data, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray)
                .Select(e => world.DecidingSkill(e.Question)).Where(s => s.Coverage(prompt) == 0).Distinct().ToList();
            if (JsonSerializer.Deserialize(response, SipdoJsonContext.Default.ErrorAnalysisOutput) is { Analysis.Length: > 0 } analysis)
            {
                missing.ShouldAllBe(s => analysis.Analysis.Contains(s.Name));
            }
            else
            {
                var suggested = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.SuggestionOutput).ShouldNotBeNull().Suggestions;
                var vague = suggested.Count == 1 && !world.Skills.Any(s => suggested[0].Contains(s.RuleMarker, StringComparison.OrdinalIgnoreCase));
                if (!vague)
                {
                    missing.ShouldAllBe(s => suggested.Contains("Add the rule: " + s.Rule));
                }
            }
        }
    }

    [Fact]
    public async Task Rewrite_RequestFromTheUpdater_StatesTheSuggestedRulesAndTheRequestedOutputFormat()
    {
        var (calls, world) = await s_run.Value;
        var rewrites = calls.For(SipdoRoles.Rewrite);

        rewrites.ShouldNotBeEmpty();
        foreach (var (messages, response) in rewrites)
        {
            var data = messages[0].Text;
            var rewrite = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.RewriteOutput).ShouldNotBeNull();
            rewrite.Prompt.ShouldContain("Output format: " + SipdoPromptData.Read(data, SipdoPromptData.OutputFormat, SipdoJsonContext.Default.String));
            if (rewrite.Motivation == "Added the suggested rules.")
            {
                var suggestions = SipdoPromptData.Read(data, SipdoPromptData.Suggestions, SipdoJsonContext.Default.StringArray);
                foreach (var skill in world.Skills.Where(s => suggestions.Any(x => x.Contains(s.Rule, StringComparison.Ordinal))))
                {
                    rewrite.Prompt.ShouldContain(skill.Rule);
                }
            }
        }
    }

    [Fact]
    public async Task Summarizer_RequestFromTheGenerator_ReplyCountsTheItemsOfTheRequest()
    {
        var (calls, _) = await s_run.Value;

        foreach (var (messages, response) in calls.For(SipdoRoles.Summarizer))
        {
            var items = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Items, SipdoJsonContext.Default.HistoryItemPayloadArray);
            JsonSerializer.Deserialize(response, SipdoJsonContext.Default.SummaryOutput).ShouldNotBeNull().Summary.ShouldStartWith($"{items.Length} earlier items;");
        }
    }

    [Fact]
    public void Verifier_ItemTheSimulatorDidNotWrite_AcceptsOnlyAnAnswerInTheLabelSpace()
    {
        var task = new TaskDefinition("t", "Answer yes or no.", AnswerFormat.YesNo, [new("1", "Is it red?", "Yes"), new("2", "Is it blue?", "No")]);
        var behavior = SipdoSimulation.CreateBehavior(task);

        string Vote(string answer, int seed) => behavior.Respond(new SimulatedRoleRequest(
            SipdoRoles.Verifier.Tag,
            [new ChatMessage(ChatRole.User, "Check: " + SipdoPromptData.Block(SipdoPromptData.Item, JsonSerializer.Serialize(new VerificationItemPayload("Is the sky green at noon?", answer, null), SipdoJsonContext.Default.VerificationItemPayload)))],
            seed: seed)).Text;

        Enumerable.Range(0, 20).Count(s => JsonSerializer.Deserialize(Vote("Maybe", s), SipdoJsonContext.Default.VerifierVoteOutput)!.LabelIsCorrect).ShouldBe(0);
        Enumerable.Range(0, 20).Count(s => JsonSerializer.Deserialize(Vote("No", s), SipdoJsonContext.Default.VerifierVoteOutput)!.LabelIsCorrect).ShouldBeGreaterThan(15);
    }

    [Fact]
    public async Task Generator_TaskWithShortInputs_EveryItemItWritesResolvesToItsBase()
    {
        var task = (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bbh", "boolean_expressions.json"), cancellationToken: TestContext.Current.CancellationToken)).SplitHeldOut(60, 1);
        var behavior = (SipdoTaskSimulatedBehavior)SipdoSimulation.CreateBehavior(task);

        for (var seed = 0; seed < 30; seed++)
        {
            var data = SipdoPromptData.Block(SipdoPromptData.Level, "3") + SipdoPromptData.Block(SipdoPromptData.MaxLevel, "10") + SipdoPromptData.Block(SipdoPromptData.Label, "\"True\"");
            var reply = JsonSerializer.Deserialize(behavior.Respond(new SimulatedRoleRequest(SipdoRoles.Generator.Tag, [new ChatMessage(ChatRole.User, data)], seed: seed)).Text, SipdoJsonContext.Default.GeneratedSampleOutput)!;
            var baseExample = behavior.World.Resolve(reply.Input).ShouldNotBeNull(reply.Input);
            reply.Input.ShouldEndWith(baseExample.Input.Trim());
        }
    }

    private static async Task<int> CorrectAsync(IChatClient client, TaskDefinition task, string prompt, IReadOnlyList<TaskExample> items)
    {
        var options = new ChatOptions { Temperature = 0, AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = SipdoRoles.Task.Tag } };
        var correct = 0;
        foreach (var item in items)
        {
            var response = await client.GetResponseAsync([new ChatMessage(ChatRole.System, prompt), new ChatMessage(ChatRole.User, item.Input)], options, TestContext.Current.CancellationToken);
            correct += task.Grade(response.Text, item).IsCorrect ? 1 : 0;
        }

        return correct;
    }

    private static async Task<(RecordingChatClient Calls, SimulatedTaskWorld World)> RunAsync()
    {
        var task = (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bbh", "logical_deduction_three_objects.json"), cancellationToken: TestContext.Current.CancellationToken))
            .SplitHeldOut(60, 4);
        var behavior = SipdoSimulation.CreateBehavior(task);
        var recorder = new RecordingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 4, Behaviors = { behavior } }));
        await PromptLoop.Create()
            .WithChatClient(recorder)
            .WithSeed(4)
            .UseSipdo(task, o =>
            {
                o.Levels = 8;
                o.HistoryCharacterBudget = 2500;
            })
            .Build()
            .RunAsync(task.Description, TestContext.Current.CancellationToken);
        return (recorder, ((SipdoTaskSimulatedBehavior)behavior).World);
    }
}
