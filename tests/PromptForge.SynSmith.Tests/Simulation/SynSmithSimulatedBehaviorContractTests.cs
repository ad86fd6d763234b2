using System.Text.Json;
using PromptForge.Simulation;
using PromptForge.Tests.Shared;

namespace PromptForge.SynSmith.Tests.Simulation;

/// <summary>
/// The contract between SynSmith's requests and its simulated behavior, per role: the request is built by the real
/// components (a short SynSmith run), the reply must deserialize into SynSmith's reply type and reflect the request's
/// data, read with SynSmith's own request types.
/// </summary>
public sealed class SynSmithSimulatedBehaviorContractTests
{
    private static readonly Lazy<Task<RecordingChatClient>> s_fullRun = new(() => RunAsync(_ => { }));

    private static T Data<T>(IReadOnlyList<Microsoft.Extensions.AI.ChatMessage> messages, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
        where T : class =>
        JsonSerializer.Deserialize(messages.First(m => m.Role == Microsoft.Extensions.AI.ChatRole.User).Text, typeInfo).ShouldNotBeNull();

    [Fact]
    public async Task Generator_RequestFromTheGenerator_OneSamplePerTargetWithItsAttributes()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.Generator);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.GeneratorRequest);
            var reply = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.GeneratorReply).ShouldNotBeNull();
            reply.Samples.ShouldNotBeNull().Select(s => s.Ref).ShouldBe(request.Targets.Select(t => t.Ref));
            reply.Samples.Select(s => s.Attributes).ShouldBe(request.Targets.Select(t => t.Attributes));
            reply.Samples.ShouldAllBe(s => !string.IsNullOrWhiteSpace(s.Text));
        }
    }

    [Fact]
    public async Task AttributeVerifier_RequestFromTheCritic_OneVerdictPerSampleWithALabelOfTheSchema()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.AttributeVerifier);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.AttributeVerifierRequest);
            var verdicts = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.AttributeVerifierReply).ShouldNotBeNull().Verdicts.ShouldNotBeNull();
            verdicts.Select(v => v.Ref).ShouldBe(request.Samples.Select(s => s.Ref));
            verdicts.ShouldAllBe(v => request.Attributes[request.LabelAttribute].Contains(v.ReadLabel!));
            foreach (var (verdict, sample) in verdicts.Zip(request.Samples))
            {
                (verdict.ReadLabel == sample.RequestedAttributes[request.LabelAttribute]).ShouldBe(!verdict.FailedAttributes!.Contains(request.LabelAttribute));
            }
        }
    }

    [Fact]
    public async Task RealismDiscriminator_RequestFromTheCritic_StockPhrasedTextsAreJudgedSynthetic()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.RealismDiscriminator);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.RealismDiscriminatorRequest);
            var verdicts = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.RealismDiscriminatorReply).ShouldNotBeNull().Verdicts.ShouldNotBeNull();
            verdicts.Select(v => v.Ref).ShouldBe(request.Texts.Select(t => t.Ref));
            foreach (var (verdict, text) in verdicts.Zip(request.Texts).Where(p => p.Second.Text.Contains("I hope this message finds you well", StringComparison.OrdinalIgnoreCase)))
            {
                verdict.Prediction.ShouldBe("synthetic", text.Text);
            }
        }
    }

    [Fact]
    public async Task DiversityAuditor_RequestFromTheCritic_NamesTheMissingValuesOfTheCoverage()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.DiversityAuditor);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.DiversityAuditorRequest);
            var reply = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.DiversityAuditReply).ShouldNotBeNull();
            reply.MissingModes.ShouldBe(request.Coverage.SelectMany(c => c.Value.MissingValues.Take(2).Select(v => $"no messages with {c.Key} = {v}")));
        }
    }

    [Fact]
    public async Task PackDiscriminator_RequestFromTheCritic_AnswersEveryComparisonWithAPackOfIt()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.PackDiscriminator);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.PackDiscriminatorRequest);
            var answers = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.PackDiscriminatorReply).ShouldNotBeNull().Comparisons.ShouldNotBeNull();
            answers.Select(a => a.Ref).ShouldBe(request.Comparisons.Select(c => c.Ref));
            answers.ShouldAllBe(a => a.SyntheticPack == "A" || a.SyntheticPack == "B");
        }
    }

    [Fact]
    public async Task ModeHunter_RequestFromTheCritic_FindsOnlyPhrasesRecurringInSyntheticAndAbsentFromRealTexts()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.ModeHunter);

        calls.ShouldNotBeEmpty();
        var found = 0;
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.ModeHunterRequest);
            var findings = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.ModeHunterReply).ShouldNotBeNull().Findings.ShouldNotBeNull();
            found += findings.Count;
            foreach (var phrase in findings.Select(f => f.Phrase!))
            {
                request.SyntheticTexts.Count(t => t.Contains(phrase, StringComparison.OrdinalIgnoreCase)).ShouldBeGreaterThanOrEqualTo(2);
                request.RealTexts.ShouldNotContain(t => t.Text.Contains(phrase, StringComparison.OrdinalIgnoreCase));
            }
        }

        found.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Updater_RequestFromTheUpdater_ExtendsTheCurrentPromptAndNamesTheComplaintCodes()
    {
        var calls = (await s_fullRun.Value).For(SynSmithRoles.Updater);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.PromptUpdaterRequest);
            var reply = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.PromptRewriteReply).ShouldNotBeNull();
            reply.Prompt.ShouldNotBeNull().ShouldStartWith(request.CurrentPrompt);
            reply.Prompt.Length.ShouldBeGreaterThan(request.CurrentPrompt.Length);
            reply.Motivation.ShouldBe("addressed: " + string.Join(", ", request.Critics.SelectMany(c => c.Complaints).Select(c => c.Code).Distinct()));
        }
    }

    [Fact]
    public async Task Generator_VerbalizedTemplateRewordedWithoutTheWordCandidate_StillAnswersWithCandidatesPerTarget()
    {
        // The old simulator recognized verbalized sampling by the word "candidate" in the template; the behavior now
        // reads the requested reply type, so a reworded template cannot change the reply's shape.
        var calls = (await RunAsync(o =>
        {
            o.Generator.VerbalizedSampling = true;
            o.Generator.VerbalizedTemplate = "{{prompt}}\n\nFor each target give {{candidates}} different versions, each with how likely a real person writes it. JSON only.";
            o.ModeHunter.Template = "List recurring tics of the synthetic {{domain}} texts (at most {{max_findings}}). JSON only.";
        })).For(SynSmithRoles.Generator);

        calls.ShouldNotBeEmpty();
        foreach (var (messages, response) in calls)
        {
            var request = Data(messages, SynSmithJsonContext.Default.GeneratorRequest);
            var reply = JsonSerializer.Deserialize(response, SynSmithJsonContext.Default.VerbalizedReply).ShouldNotBeNull();
            reply.Targets.ShouldNotBeNull().Select(t => t.Ref).ShouldBe(request.Targets.Select(t => t.Ref));
            reply.Targets.ShouldAllBe(t => t.Candidates!.Count == 3);
        }
    }

    private static async Task<RecordingChatClient> RunAsync(Action<SynSmithOptions> configure)
    {
        var schema = TestData.CustomerSupportSchema();
        var real = RealExampleSet.Load(TestData.File("customer_support", "splits/real_train.jsonl"), schema);
        var recorder = new RecordingChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 17, Behaviors = { SynSmithSimulation.Behavior } }));
        var run = await PromptLoop.Create()
            .WithChatClient(recorder)
            .WithSeed(17).WithMaxIterations(3).WithSamplesPerIteration(16).WithMaxConcurrency(32)
            .UseSynSmith(schema, real, o =>
            {
                o.Condition = SynSmithCondition.Full;
                configure(o);
            })
            .Build()
            .RunAsync(Fakes.SynSmithRuns.InitialPrompt);
        run.Status.ShouldBe(RunStatus.Completed);
        return recorder;
    }
}
