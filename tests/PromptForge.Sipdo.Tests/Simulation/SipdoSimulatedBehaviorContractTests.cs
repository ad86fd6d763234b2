using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptForge.Simulation;
using PromptForge.Sipdo.Tests.Tasks;
using PromptForge.Tests.Shared;

namespace PromptForge.Sipdo.Tests.Simulation;

/// <summary>
/// The contract between SIPDO's requests and its simulated behavior, per role: the request is built by the real
/// components and templates (a short SIPDO run), the reply must deserialize into SIPDO's reply type and reflect the
/// request's own data blocks.
/// </summary>
public sealed class SipdoSimulatedBehaviorContractTests
{
    private static readonly Lazy<Task<RecordingChatClient>> s_defaultRun = new(() => RunAsync(_ => { }));

    [Fact]
    public async Task Generator_RequestFromTheGenerator_ReplyHasTheRequestedLabelAndTheSkillOfTheLevel()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Generator);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var data = messages[0].Text;
            var reply = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.GeneratedSampleOutput).ShouldNotBeNull();
            var label = SipdoPromptData.Read(data, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            var level = SipdoPromptData.Read(data, SipdoPromptData.Level, SipdoJsonContext.Default.Int32);
            var maxLevel = SipdoPromptData.Read(data, SipdoPromptData.MaxLevel, SipdoJsonContext.Default.Int32);
            reply.Answer.ShouldBe(label);
            reply.Rationale.ShouldStartWith($"Exercises {SipdoSimulatedWorld.SkillForLevel(level, maxLevel, new Random(0)).Name}:");
        }
    }

    [Fact]
    public async Task Verifier_RequestFromTheGenerator_ReplyAnswersTheItemOfTheRequest()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Verifier);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var item = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Item, SipdoJsonContext.Default.VerificationItemPayload);
            var vote = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.VerifierVoteOutput).ShouldNotBeNull();
            vote.Answer.ShouldBe(SipdoSimulatedWorld.CarefulYes(item.Input) ? "Yes" : "No");
        }
    }

    [Fact]
    public async Task Summarizer_RequestFromTheGenerator_ReplyCountsTheItemsOfTheRequest()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Summarizer);

        calls.ShouldNotBeEmpty("the small history budget makes the generator summarize");
        foreach (var (messages, response) in calls)
        {
            var items = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Items, SipdoJsonContext.Default.HistoryItemPayloadArray);
            JsonSerializer.Deserialize(response, SipdoJsonContext.Default.SummaryOutput).ShouldNotBeNull().Summary.ShouldStartWith($"{items.Length} earlier items;");
        }
    }

    [Fact]
    public async Task Task_RequestFromTheTaskRunner_AnswersCarefullyExactlyWhenThePromptStatesTheDecidingRule()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Task);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var prompt = messages.Single(m => m.Role == ChatRole.System).Text;
            var question = messages.Single(m => m.Role == ChatRole.User).Text;
            var skill = SipdoSimulatedWorld.DecidingSkill(question);
            var expected = skill is null || SipdoSimulatedWorld.PromptKnows(prompt, skill) ? SipdoSimulatedWorld.CarefulYes(question) : skill.NaiveYes;
            AnswerFormat.YesNo.Extract(response).Answer.ShouldBe(expected ? "yes" : "no");
        }
    }

    [Fact]
    public async Task ErrorAnalysis_RequestFromTheUpdater_NamesEverySkillTheErrorsNeedAndThePromptLacks()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.ErrorAnalysis);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var data = messages[0].Text;
            var prompt = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
            var errors = SipdoPromptData.Read(data, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray);
            var analysis = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.ErrorAnalysisOutput).ShouldNotBeNull().Analysis;
            foreach (var skill in errors.Select(e => SipdoSimulatedWorld.DecidingSkill(e.Question)).OfType<SimulatedSkill>().Where(s => !SipdoSimulatedWorld.PromptKnows(prompt, s)))
            {
                analysis.ShouldContain(skill.Name);
            }
        }
    }

    [Fact]
    public async Task Suggestion_RequestFromTheUpdater_SuggestsTheMissingRulesOrAVagueReminder()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Suggestion);

        calls.ShouldNotBeEmpty();
        var specific = 0;
        foreach (var (messages, response) in calls)
        {
            var data = messages[0].Text;
            var prompt = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
            var missing = SipdoPromptData.Read(data, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray)
                .Select(e => SipdoSimulatedWorld.DecidingSkill(e.Question)).OfType<SimulatedSkill>().Where(s => !SipdoSimulatedWorld.PromptKnows(prompt, s)).Distinct().ToList();
            var suggestions = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.SuggestionOutput).ShouldNotBeNull().Suggestions;
            if (suggestions is [SipdoSimulatedWorld.VagueSuggestion])
            {
                continue;
            }

            specific++;
            suggestions.ShouldBe(SipdoSimulatedWorld.Skills.Where(missing.Contains).Select(SipdoSimulatedWorld.Suggestion));
        }

        specific.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Rewrite_RequestFromTheUpdater_StatesTheSuggestedRulesAndTheRequestedOutputFormat()
    {
        var calls = (await s_defaultRun.Value).For(SipdoRoles.Rewrite);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var data = messages[0].Text;
            var rewrite = JsonSerializer.Deserialize(response, SipdoJsonContext.Default.RewriteOutput).ShouldNotBeNull();
            var suggestions = SipdoPromptData.Read(data, SipdoPromptData.Suggestions, SipdoJsonContext.Default.StringArray);
            rewrite.Prompt.ShouldContain("Output format: " + SipdoPromptData.Read(data, SipdoPromptData.OutputFormat, SipdoJsonContext.Default.String));
            rewrite.Prompt.ShouldContain("Task requirements: " + SipdoPromptData.Read(data, SipdoPromptData.TaskDescription, SipdoJsonContext.Default.String));
            if (rewrite.Motivation == "Added the missing rules.")
            {
                foreach (var skill in SipdoSimulatedWorld.Skills.Where(s => suggestions.Contains(SipdoSimulatedWorld.Suggestion(s))))
                {
                    rewrite.Prompt.ShouldContain(skill.Rule);
                }
            }
        }
    }

    [Fact]
    public async Task RunAsync_EveryTemplateProseReworded_SimulatorStillReadsTheDataBlocks()
    {
        // Reworded prose, reordered placeholders: nothing the old regexes looked for ("level c of n", "must be exactly",
        // "prompt (JSON string):") is left; only the data blocks remain.
        var calls = await RunAsync(templates =>
        {
            templates.DifficultyInstruction = "Difficulty {{level}} out of {{max_level}}; harder than the earlier ones.";
            templates.LabelInstruction = "Required answer: {{label}}.";
            templates.ErrorAnalysis = "Errors: {{errors}}\nPrompt under test: {{prompt}}\nWhy did it fail? JSON {\"analysis\": ...}.";
            templates.Suggestion = "Prompt under test: {{prompt}}\nErrors: {{errors}}\nDiagnosis: {{analysis}}\nJSON {\"suggestions\": [...]}.";
            templates.Rewrite = "Apply {{suggestions}} to {{prompt}} ({{analysis}}), format {{output_format}}, at most {{max_characters}} characters. JSON {\"prompt\": ..., \"motivation\": ...}.";
        });

        foreach (var (messages, response) in calls.For(SipdoRoles.Generator))
        {
            var label = SipdoPromptData.Read(messages[0].Text, SipdoPromptData.Label, SipdoJsonContext.Default.String);
            JsonSerializer.Deserialize(response, SipdoJsonContext.Default.GeneratedSampleOutput)!.Answer.ShouldBe(label);
        }

        calls.For(SipdoRoles.Rewrite).ShouldNotBeEmpty();
        calls.For(SipdoRoles.Rewrite).ShouldContain(c => SipdoSimulatedWorld.Skills.Any(s => JsonSerializer.Deserialize(c.Response, SipdoJsonContext.Default.RewriteOutput)!.Prompt.Contains(s.Rule)));
    }

    [Fact]
    public async Task Respond_RequestWithoutItsDataBlock_FailsLoudlyInsteadOfGuessing()
    {
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Behaviors = { SipdoSimulation.Behavior } });
        var options = new ChatOptions { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = SipdoRoles.Verifier.Tag } };

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => client.GetResponseAsync(
            [new ChatMessage(ChatRole.User, "The item (JSON): {\"input\": \"x\", \"proposed_answer\": \"Yes\"}")], options, TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("<item>");
    }

    private static async Task<RecordingChatClient> RunAsync(Action<SipdoPromptTemplates> configureTemplates)
    {
        var task = (await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", "causal_judgement.json"), cancellationToken: TestContext.Current.CancellationToken))
            .SplitHeldOut(40, 5);
        var recorder = new RecordingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 5, Behaviors = { SipdoSimulation.Behavior } }));
        await PromptLoop.Create()
            .WithChatClient(recorder)
            .WithSeed(5)
            .UseSipdo(task, o =>
            {
                o.Levels = 6;
                o.HistoryCharacterBudget = 800;
                configureTemplates(o.Templates);
            })
            .Build()
            .RunAsync("Answer with Yes or No.", TestContext.Current.CancellationToken);
        return recorder;
    }
}
