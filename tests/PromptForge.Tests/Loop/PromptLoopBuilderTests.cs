using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class PromptLoopBuilderTests
{
    private sealed class NeedsTaskClientCritic : CriticBase, IModelRoleConsumer
    {
        public override string Name => "needs_task";

        public IReadOnlyCollection<ModelRoleKind> RequiredRoleKinds => [ModelRoleKind.Task];

        public List<string> TaskAnswers { get; } = [];

        public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            ModelResponse answer = await context.Models.GetResponseAsync(new ModelRequest(ModelRole.Task, context.Prompt.Text, "question"), cancellationToken);
            TaskAnswers.Add(answer.Text);
            return new Critique { CriticName = Name };
        }
    }

    [Fact]
    public void Build_WithoutGenerator_ReportsMissingGenerator()
    {
        var ex = Should.Throw<PromptLoopValidationException>(() => PromptLoop.Create().Build());

        ex.Problems.ShouldContain(p => p.Contains("No generator", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_WithSeveralProblems_ListsEveryProblemInOneException()
    {
        var builder = PromptLoop.Create()
            .WithCritic(new ScoreByVersionCritic(_ => 1))
            .WithCritic(new ScoreByVersionCritic(_ => 2))
            .WithCritic(new NeedsTaskClientCritic())
            .WithCritic("Bad Name!", (_, _) => Task.FromResult(new Critique { CriticName = "Bad Name!" }));
        builder.Options.MaxIterations = 0;

        var ex = Should.Throw<PromptLoopValidationException>(() => builder.Build());

        ex.Problems.ShouldContain(p => p.Contains("No generator", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("Two critics are named 'score'", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("needs a chat client for the task role", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("MaxIterations", StringComparison.Ordinal));
        ex.Problems.ShouldContain(p => p.Contains("'Bad Name!' is invalid", StringComparison.Ordinal));
        ex.Message.ShouldContain("5 problem(s)");
    }

    [Fact]
    public async Task Build_WithDefaultClient_ServesTheTaskRoleFromIt()
    {
        var client = FakeChatClient.Constant("answer from the default client");
        var critic = new NeedsTaskClientCritic();
        var builder = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(critic)
            .WithChatClient(client);
        builder.Options.MaxIterations = 1;

        var loop = builder.Build();
        await loop.RunAsync("Answer the question.", TestContext.Current.CancellationToken);

        // The critic needs a task client and none was given for that role: the default client answered it.
        critic.TaskAnswers.ShouldBe(["answer from the default client"]);
        client.Calls.ShouldHaveSingleItem().Messages.Select(m => m.Text).ShouldContain("question");
    }

    [Fact]
    public void WithCriticOfType_WithoutServices_IsReportedAtBuild()
    {
        var ex = Should.Throw<PromptLoopValidationException>(() =>
            PromptLoop.Create().WithGenerator(new CountingGenerator()).WithCritic<NeedsTaskClientCritic>().Build());

        ex.Problems.ShouldContain(p => p.Contains("WithServices", StringComparison.Ordinal));
    }

    [Fact]
    public void WithBudget_ZeroCalls_ThrowsNamingTheLimit()
    {
        var ex = Should.Throw<ArgumentException>(() => PromptLoop.Create().WithBudget(new LoopBudget { MaxCalls = 0 }));

        ex.Message.ShouldContain("MaxCalls");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void WithMaxConcurrency_NotPositive_Throws(int value)
    {
        Should.Throw<ArgumentOutOfRangeException>(() => PromptLoop.Create().WithMaxConcurrency(value));
    }

    [Fact]
    public void WithOptions_Invalid_ThrowsListingEveryProblem()
    {
        var options = new PromptLoopOptions { MaxIterations = 0, MaxConcurrency = 0, Budget = new LoopBudget { MaxCalls = 0 } };

        var ex = Should.Throw<ArgumentException>(() => PromptLoop.Create().WithOptions(options));

        ex.Message.ShouldContain("MaxIterations");
        ex.Message.ShouldContain("MaxConcurrency");
        ex.Message.ShouldContain("MaxCalls");
    }

    [Fact]
    public void WithChatClient_Null_Throws()
    {
        Should.Throw<ArgumentNullException>(() => PromptLoop.Create().WithChatClient(null!));
    }

    [Fact]
    public void AddConfigurationProblem_FromPackage_IsListedByBuild()
    {
        var ex = Should.Throw<PromptLoopValidationException>(() =>
            PromptLoop.Create().WithGenerator(new CountingGenerator()).AddConfigurationProblem("real set is empty").Build());

        ex.Problems.ShouldBe(["real set is empty"]);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task RunAsync_EmptyInitialPrompt_Throws(string prompt)
    {
        var loop = PromptLoop.Create().WithGenerator(new CountingGenerator()).Build();

        await Should.ThrowAsync<ArgumentException>(() => loop.RunAsync(prompt));
    }
}
