using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Simulation.Tests;

public sealed class SimulatedChatClientTests
{
    private const string Question = """
        Today is Christmas Eve of 1937. What is the date tomorrow in MM/DD/YYYY?
        Options:
        (A) 12/11/1937
        (B) 12/25/1937
        (C) 01/04/1938
        (D) 12/04/1937
        """;

    private static ChatMessage[] Messages(string user, string system = "Answer the multiple-choice question with the letter of the option.") =>
        [new(ChatRole.System, system), new(ChatRole.User, user)];

    private static ChatOptions RoleOptions(string tag, string kind = "task", ChatResponseFormat? format = null) => new()
    {
        ResponseFormat = format,
        AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = tag, [PromptForgeChatOptionKeys.RoleKind] = kind },
    };

    private static SimulatedChatClient Client(int seed = 42, params ISimulatedRoleBehavior[] behaviors)
    {
        var options = new SimulatedChatClientOptions { Seed = seed };
        foreach (ISimulatedRoleBehavior behavior in behaviors)
        {
            options.Behaviors.Add(behavior);
        }

        return new SimulatedChatClient(options);
    }

    private static ChatResponseFormat SchemaFor<T>() => ChatResponseFormat.ForJsonSchema(typeof(T), SimulationTestJsonContext.Default.Options);

    [Fact]
    public async Task GetResponseAsync_SameSeedAndRequest_ReturnsSameText()
    {
        ChatOptions options = RoleOptions("test.judge", "critic", SchemaFor<CritiqueReport>());

        ChatResponse first = await Client(7).GetResponseAsync(Messages("Judge these samples: refund card payment"), options, TestContext.Current.CancellationToken);
        ChatResponse second = await Client(7).GetResponseAsync(Messages("Judge these samples: refund card payment"), options, TestContext.Current.CancellationToken);

        second.Text.ShouldBe(first.Text);
        second.ResponseId.ShouldBe(first.ResponseId);
    }

    [Fact]
    public async Task GetResponseAsync_DifferentSeed_ReturnsDifferentText()
    {
        ChatOptions options = RoleOptions("test.judge", "critic", SchemaFor<CritiqueReport>());

        ChatResponse seed1 = await Client(1).GetResponseAsync(Messages("Judge these samples: refund card payment"), options, TestContext.Current.CancellationToken);
        ChatResponse seed2 = await Client(2).GetResponseAsync(Messages("Judge these samples: refund card payment"), options, TestContext.Current.CancellationToken);

        seed2.Text.ShouldNotBe(seed1.Text);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentIdenticalCalls_AllReturnSameText()
    {
        ChatOptions options = RoleOptions("test.judge", "critic", SchemaFor<CritiqueReport>());
        SimulatedChatClient client = Client(3);

        ChatResponse[] responses = await Task.WhenAll(Enumerable.Range(0, 32).Select(
            _ => Task.Run(() => client.GetResponseAsync(Messages("judge concurrent refunds"), options, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken)));

        responses.Select(r => r.Text).Distinct().ShouldHaveSingleItem();
    }

    [Fact]
    public async Task GetResponseAsync_RoleOfAnUnregisteredBehavior_GetsTheFallbackAndNoBehaviorIsDiscovered()
    {
        // Nothing is discovered: without a registered behavior, a method role is answered like any other role.
        using var plain = new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 8 });
        using var registered = Client(8, new RecordingBehavior("sipdo.verifier"));
        ChatOptions options = RoleOptions("sipdo.verifier", "critic", SchemaFor<TaskAnswer>());

        ChatResponse response = await plain.GetResponseAsync(Messages("explain tides"), options, TestContext.Current.CancellationToken);
        ChatResponse handled = await registered.GetResponseAsync(Messages("explain tides"), options, TestContext.Current.CancellationToken);

        JsonSerializer.Deserialize(response.Text, SimulationTestJsonContext.Default.TaskAnswer).ShouldNotBeNull();
        handled.Text.ShouldBe("""{"answer":"handled","explanation":"by test behavior"}""");
        response.Text.ShouldNotBe(handled.Text);
    }

    [Fact]
    public async Task GetResponseAsync_DifferentRequestContent_ChangesContent()
    {
        ChatOptions options = RoleOptions("test.writer", "generator", SchemaFor<TaskAnswer>());

        ChatResponse banking = await Client().GetResponseAsync(Messages("Write about mortgage interest statements"), options, TestContext.Current.CancellationToken);
        ChatResponse weather = await Client().GetResponseAsync(Messages("Write about thunderstorm forecasts tonight"), options, TestContext.Current.CancellationToken);

        banking.Text.ShouldNotBe(weather.Text);
        string[] bankingWords = ["write", "mortgage", "interest", "statements"];
        TaskAnswer answer = JsonSerializer.Deserialize(banking.Text, SimulationTestJsonContext.Default.TaskAnswer)!;
        answer.Explanation.Split(' ').ShouldAllBe(word => bankingWords.Contains(word));
    }

    [Fact]
    public async Task GetResponseAsync_DistinctOptionProperty_GivesIndependentDraw()
    {
        // k votes differ only by a discriminator in the options: each must be a distinct request.
        var texts = new HashSet<string>();
        for (int vote = 0; vote < 6; vote++)
        {
            ChatOptions options = RoleOptions("test.voter", "critic", SchemaFor<TaskAnswer>());
            options.AdditionalProperties!["promptforge.cache_discriminator"] = vote;
            texts.Add((await Client().GetResponseAsync(Messages("Vote on this sample about parcels"), options, TestContext.Current.CancellationToken)).Text);
        }

        texts.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task GetResponseAsync_AnyResponse_IsLabeledAsSimulatedWithUsage()
    {
        ChatMessage[] messages = Messages(Question);

        ChatResponse response = await Client().GetResponseAsync(messages, RoleOptions("task"), TestContext.Current.CancellationToken);

        response.ModelId.ShouldBe("promptforge-simulator");
        response.AdditionalProperties.ShouldNotBeNull()[PromptForgeChatOptionKeys.Simulated].ShouldBe(true);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
        response.Usage.ShouldNotBeNull();
        long inputChars = messages.Sum(m => m.Text.Length);
        response.Usage.InputTokenCount!.Value.ShouldBeInRange(inputChars / 4, (inputChars / 4) + 12);
        response.Usage.OutputTokenCount.ShouldBe((response.Text.Length + 3) / 4);
        response.Usage.TotalTokenCount.ShouldBe(response.Usage.InputTokenCount + response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponseAsync_RequestedModelId_StillReportsSimulator()
    {
        var options = new ChatOptions { ModelId = "gpt-4o" };

        ChatResponse response = await Client().GetResponseAsync(Messages("hello there"), options, TestContext.Current.CancellationToken);

        response.ModelId.ShouldBe(SimulatorInfo.DefaultModelId);
    }

    [Fact]
    public async Task GetResponseAsync_MultipleChoiceTask_AnswersWithOneOfTheOptions()
    {
        var answers = new HashSet<string>();
        for (int seed = 0; seed < 12; seed++)
        {
            answers.Add((await Client(seed).GetResponseAsync(Messages(Question), RoleOptions("task"), TestContext.Current.CancellationToken)).Text);
        }

        answers.ShouldBeSubsetOf(["(A)", "(B)", "(C)", "(D)"]);
        answers.Count.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task GetResponseAsync_JsonModeWithoutSchema_ReturnsJsonObject()
    {
        ChatResponse response = await Client().GetResponseAsync(
            Messages("Is the sky green? Answer yes or no."), RoleOptions("task", format: ChatResponseFormat.Json), TestContext.Current.CancellationToken);

        using JsonDocument document = JsonDocument.Parse(response.Text);
        document.RootElement.GetProperty("answer").GetString().ShouldBeOneOf("Yes", "No");
    }

    [Fact]
    public async Task GetResponseAsync_MaxOutputTokensOnPlainText_TruncatesWithLengthFinish()
    {
        ChatOptions options = RoleOptions("test.free");
        options.MaxOutputTokens = 1;

        ChatResponse response = await Client().GetResponseAsync(
            Messages("Describe the ancient lighthouse harbour fishermen morning routine"), options, TestContext.Current.CancellationToken);

        response.Text.Length.ShouldBeLessThanOrEqualTo(4);
        response.FinishReason.ShouldBe(ChatFinishReason.Length);
    }

    [Fact]
    public async Task GetResponseAsync_RoleHandledByBehavior_DispatchesWithParsedRequest()
    {
        var behavior = new RecordingBehavior("test.special");
        SimulatedChatClient client = Client(5, behavior);
        ChatOptions options = RoleOptions("test.special", "Critic", SchemaFor<TaskAnswer>());
        options.Temperature = 0.7f;
        options.MaxOutputTokens = 321;
        ChatMessage[] messages = [new(ChatRole.System, "system rules"), new(ChatRole.User, "first part"), new(ChatRole.Assistant, "ok"), new(ChatRole.User, "second part")];

        ChatResponse response = await client.GetResponseAsync(messages, options, TestContext.Current.CancellationToken);

        response.Text.ShouldBe("""{"answer":"handled","explanation":"by test behavior"}""");
        SimulatedRoleRequest request = behavior.Requests.ShouldHaveSingleItem();
        request.RoleTag.ShouldBe("test.special");
        request.RoleKind.ShouldBe("critic");
        request.SystemText.ShouldBe("system rules");
        request.UserText.ShouldBe("first part\n\nsecond part");
        request.LastUserText.ShouldBe("second part");
        request.Messages.Count.ShouldBe(4);
        request.ResponseSchema.ShouldNotBeNull().GetProperty("type").GetString().ShouldBe("object");
        request.Temperature.ShouldBe(0.7f);
        request.MaxOutputTokens.ShouldBe(321);
        request.Seed.ShouldBe(5);
        request.FirstUserText.ShouldBe("first part");
        request.ResponseSchemaName.ShouldBe(nameof(TaskAnswer));
        request.RequestsResponseOf(SimulationTestJsonContext.Default.TaskAnswer).ShouldBeTrue();
        request.RequestsResponseOf(SimulationTestJsonContext.Default.CritiqueReport).ShouldBeFalse();
        response.AdditionalProperties![PromptForgeChatOptionKeys.Simulated].ShouldBe(true);
    }

    [Fact]
    public async Task GetResponseAsync_RoleNotHandled_FallsBackToSchemaGenerator()
    {
        var behavior = new RecordingBehavior("test.special");

        ChatResponse response = await Client(5, behavior).GetResponseAsync(
            Messages("anything here"), RoleOptions("test.other", "critic", SchemaFor<TaskAnswer>()), TestContext.Current.CancellationToken);

        behavior.Requests.ShouldBeEmpty();
        JsonSerializer.Deserialize(response.Text, SimulationTestJsonContext.Default.TaskAnswer).ShouldNotBeNull();
    }

    [Fact]
    public void Constructor_TwoBehaviorsClaimTheSameTag_ListsTheConflict()
    {
        var ex = Should.Throw<ArgumentException>(() => Client(1, new RecordingBehavior("shared.role"), new ThrowingBehavior(), new RecordingBehavior("shared.role")));

        ex.Message.ShouldContain("'shared.role' is claimed by more than one behavior");
    }

    [Fact]
    public async Task GetResponseAsync_BehaviorAddedToOptionsAfterConstruction_IsNotUsed()
    {
        var options = new SimulatedChatClientOptions { Seed = 1 };
        using var client = new SimulatedChatClient(options);
        var late = new RecordingBehavior("late.role");
        options.Behaviors.Add(late);

        await client.GetResponseAsync(Messages("x"), RoleOptions("late.role"), TestContext.Current.CancellationToken);

        late.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task GetResponseAsync_BehaviorThrows_ReportsBehaviorAndRole()
    {
        var ex = await Should.ThrowAsync<InvalidOperationException>(
            () => Client(1, new ThrowingBehavior()).GetResponseAsync(Messages("x"), RoleOptions("test.broken"), TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("ThrowingBehavior failed for role 'test.broken'");
        ex.InnerException.ShouldBeOfType<FormatException>();
    }

    [Fact]
    public async Task GetResponseAsync_DoesNotMutateCallerOptions()
    {
        ChatOptions options = RoleOptions("test.judge", "critic", SchemaFor<TaskAnswer>());
        string before = JsonSerializer.Serialize(options.AdditionalProperties, AIJsonUtilities.DefaultOptions);

        await Client().GetResponseAsync(Messages("x"), options, TestContext.Current.CancellationToken);

        JsonSerializer.Serialize(options.AdditionalProperties, AIJsonUtilities.DefaultOptions).ShouldBe(before);
        options.ModelId.ShouldBeNull();
    }

    [Fact]
    public async Task GetResponseAsync_CancelledToken_Throws()
    {
        await Should.ThrowAsync<OperationCanceledException>(
            () => Client().GetResponseAsync(Messages("x"), null, new CancellationToken(canceled: true)));
    }

    [Fact]
    public async Task GetResponseAsync_CancelledDuringLatency_ThrowsPromptly()
    {
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Latency = TimeSpan.FromMinutes(5) });
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMilliseconds(50));
        var stopwatch = Stopwatch.StartNew();

        await Should.ThrowAsync<OperationCanceledException>(() => client.GetResponseAsync(Messages("x"), null, cts.Token));

        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GetResponseAsync_WithLatency_WaitsOnTheTimeProvider()
    {
        var time = new FakeTimeProvider();
        using var client = new SimulatedChatClient(new SimulatedChatClientOptions { Latency = TimeSpan.FromSeconds(2), TimeProvider = time });

        Task<ChatResponse> call = client.GetResponseAsync(Messages("x"), null, TestContext.Current.CancellationToken);
        await Task.Delay(20, TestContext.Current.CancellationToken);
        call.IsCompleted.ShouldBeFalse();
        time.Advance(TimeSpan.FromSeconds(2));

        (await call).CreatedAt.ShouldBe(time.GetUtcNow());
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ConcatenatedUpdates_EqualNonStreamingResponse()
    {
        ChatOptions options = RoleOptions("test.judge", "critic", SchemaFor<CritiqueReport>());
        SimulatedChatClient client = Client();
        ChatResponse expected = await client.GetResponseAsync(Messages("judge refunds"), options, TestContext.Current.CancellationToken);

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Messages("judge refunds"), options, TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        updates.Count.ShouldBeGreaterThan(1);
        updates.ShouldAllBe(u => u.ModelId == "promptforge-simulator" && true.Equals(u.AdditionalProperties![PromptForgeChatOptionKeys.Simulated]));
        ChatResponse combined = updates.ToChatResponse();
        combined.Text.ShouldBe(expected.Text);
        combined.Usage.ShouldNotBeNull().OutputTokenCount.ShouldBe(expected.Usage!.OutputTokenCount);
        combined.FinishReason.ShouldBe(ChatFinishReason.Stop);
    }

    [Fact]
    public void GetService_ChatClientMetadata_NamesTheSimulator()
    {
        using var client = new SimulatedChatClient();

        ChatClientMetadata metadata = client.GetService<ChatClientMetadata>().ShouldNotBeNull();

        metadata.ProviderName.ShouldBe(SimulatorInfo.ProviderName);
        metadata.DefaultModelId.ShouldBe(SimulatorInfo.DefaultModelId);
        client.GetService<SimulatedChatClient>().ShouldBeSameAs(client);
        client.GetService<ChatClientMetadata>("key").ShouldBeNull();
    }

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new SimulatedChatClient(new SimulatedChatClientOptions { Latency = TimeSpan.FromSeconds(-1), ModelId = "" }));

        ex.Message.ShouldContain("Latency");
        ex.Message.ShouldContain("ModelId");
    }

    private sealed class ThrowingBehavior : ISimulatedRoleBehavior
    {
        public IReadOnlyCollection<string> RoleTags { get; } = ["test.broken"];

        public SimulatedRoleResponse Respond(SimulatedRoleRequest request) => throw new FormatException("unexpected prompt layout");
    }

    private sealed class RecordingBehavior(string tag) : ISimulatedRoleBehavior
    {
        public List<SimulatedRoleRequest> Requests { get; } = [];

        public IReadOnlyCollection<string> RoleTags { get; } = [tag];

        public SimulatedRoleResponse Respond(SimulatedRoleRequest request)
        {
            Requests.Add(request);
            return SimulatedRoleResponse.FromText("""{"answer":"handled","explanation":"by test behavior"}""");
        }
    }
}
