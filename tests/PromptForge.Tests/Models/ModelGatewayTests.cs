using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Models;

public sealed partial class ModelGatewayTests
{
    internal sealed class Verdict
    {
        public required string Label { get; init; }

        public required double Confidence { get; init; }
    }

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    [JsonSerializable(typeof(Verdict))]
    internal sealed partial class TestJsonContext : JsonSerializerContext;

    private static readonly ModelRole Judge = new("test.judge", ModelRoleKind.Critic);

    private static ModelGateway CreateGateway(
        IChatClient client,
        LoopBudget? budget = null,
        int maxConcurrency = 8,
        Dictionary<string, ModelCallSettings>? user = null,
        Dictionary<string, ModelCallSettings>? package = null,
        ILogger? logger = null)
    {
        var clients = new ModelRoleClients { Default = client };
        return new ModelGateway(
            clients,
            new ModelCallSettingsResolver(user ?? [], package ?? []),
            maxConcurrency,
            budget ?? new LoopBudget(),
            TimeProvider.System,
            logger ?? NullLogger.Instance);
    }

    [Fact]
    public async Task GetStructuredResponseAsync_ValidJson_ParsesAndSendsSchemaAndRoleTag()
    {
        var client = FakeChatClient.Constant("""{"label":"yes","confidence":0.9}""");
        var gateway = CreateGateway(client);

        var response = await gateway.GetStructuredResponseAsync(new ModelRequest(Judge, "sys", "user"), TestJsonContext.Default.Verdict);

        response.Value.Label.ShouldBe("yes");
        response.Repaired.ShouldBeFalse();
        var options = client.Calls.Single().Options!;
        options.ResponseFormat.ShouldBeOfType<ChatResponseFormatJson>().Schema.ShouldNotBeNull();
        options.AdditionalProperties![PromptForgeChatOptionKeys.Role].ShouldBe("test.judge");
        options.AdditionalProperties![PromptForgeChatOptionKeys.RoleKind].ShouldBe("critic");
    }

    [Fact]
    public async Task GetStructuredResponseAsync_FencedJson_IsAccepted()
    {
        var gateway = CreateGateway(FakeChatClient.Constant("```json\n{\"label\":\"no\",\"confidence\":0.2}\n```"));

        var response = await gateway.GetStructuredResponseAsync(new ModelRequest(Judge, null, "q"), TestJsonContext.Default.Verdict);

        response.Value.Label.ShouldBe("no");
    }

    [Fact]
    public async Task GetStructuredResponseAsync_InvalidThenValid_RepairsShowingOutputAndError()
    {
        int call = 0;
        var client = new FakeChatClient((_, _) => ++call == 1 ? "{\"label\": \"yes\"" : """{"label":"yes","confidence":1}""");
        var gateway = CreateGateway(client);

        var response = await gateway.GetStructuredResponseAsync(new ModelRequest(Judge, "sys", "user"), TestJsonContext.Default.Verdict);

        response.Repaired.ShouldBeTrue();
        var repair = client.Calls.Last().Messages;
        repair[^2].Role.ShouldBe(ChatRole.Assistant);
        repair[^2].Text.ShouldBe("{\"label\": \"yes\"");
        repair[^1].Text.ShouldContain("could not be used");
        repair[^1].Text.ShouldContain("invalid JSON");
        gateway.Usage.Snapshot().ByRole["test.judge"].Calls.ShouldBe(2);
    }

    [Fact]
    public async Task GetStructuredResponseAsync_MissingRequiredProperty_IsRepairedThenTyped()
    {
        var client = FakeChatClient.Constant("""{"label":"yes"}""");
        var logger = new FakeLogger();
        var gateway = CreateGateway(client, logger: logger);

        var ex = await Should.ThrowAsync<StructuredOutputException>(() =>
            gateway.GetStructuredResponseAsync(new ModelRequest(Judge, null, "q"), TestJsonContext.Default.Verdict));

        // One repair call was sent: the bad reply as the assistant turn, then the error naming the missing property.
        client.Calls.Count.ShouldBe(2);
        var repair = client.Calls.Last().Messages;
        repair[^2].Role.ShouldBe(ChatRole.Assistant);
        repair[^2].Text.ShouldBe("""{"label":"yes"}""");
        repair[^1].Role.ShouldBe(ChatRole.User);
        repair[^1].Text.ShouldContain("confidence");
        logger.Collector.GetSnapshot().Where(r => r.Id.Id == 100 && r.Level == LogLevel.Warning).ShouldHaveSingleItem().Message.ShouldContain("test.judge");

        // The repair also failed: the typed error carries the last reply.
        ex.RawText.ShouldBe("""{"label":"yes"}""");
        ex.Role.ShouldBe(Judge);
        ex.Error.ShouldContain("confidence");
    }

    [Fact]
    public async Task GetStructuredResponseAsync_ValidatorRejects_RepairCarriesValidatorMessage()
    {
        var client = FakeChatClient.Constant("""{"label":"maybe","confidence":0.5}""");
        var gateway = CreateGateway(client);

        var ex = await Should.ThrowAsync<StructuredOutputException>(() => gateway.GetStructuredResponseAsync(
            new ModelRequest(Judge, null, "q"),
            TestJsonContext.Default.Verdict,
            v => v.Label is "yes" or "no" ? null : $"label '{v.Label}' is not yes or no"));

        ex.Error.ShouldBe("label 'maybe' is not yes or no");
        client.Calls.Count.ShouldBe(2);
        client.Calls.Last().Messages[^1].Text.ShouldContain("label 'maybe' is not yes or no");
    }

    [Fact]
    public async Task GetResponseAsync_SettingsPrecedence_RequestThenUserTagThenKindThenPackage()
    {
        var client = FakeChatClient.Constant("ok");
        var gateway = CreateGateway(
            client,
            user: new() { ["critic"] = new ModelCallSettings { Temperature = 0.3f, MaxOutputTokens = 50 }, ["test.judge"] = new ModelCallSettings { ModelId = "judge-model" } },
            package: new() { ["test.judge"] = new ModelCallSettings { Temperature = 0.9f, MaxOutputTokens = 999, ModelId = "pkg" } });

        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));
        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q") { Temperature = 0.0f });

        var (first, second) = (client.Calls.First().Options!, client.Calls.Last().Options!);
        first.Temperature.ShouldBe(0.3f);
        first.MaxOutputTokens.ShouldBe(50);
        first.ModelId.ShouldBe("judge-model");
        second.Temperature.ShouldBe(0.0f);
        first.ShouldNotBeSameAs(second);
    }

    [Fact]
    public async Task GetResponseAsync_PackageDefaultOnly_IsUsed()
    {
        var client = FakeChatClient.Constant("ok");
        var gateway = CreateGateway(client, package: new() { ["test.judge"] = new ModelCallSettings { Temperature = 0.7f } });

        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));

        client.Calls.Single().Options!.Temperature.ShouldBe(0.7f);
    }

    [Fact]
    public async Task GetResponseAsync_RecordsUsagePerRoleAndIteration()
    {
        var gateway = CreateGateway(new FakeChatClient((_, _) => "ok") { InputTokensPerCall = 100, OutputTokensPerCall = 7 });

        using (UsageLedger.BeginIteration(3))
        {
            await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));
            await gateway.GetResponseAsync(new ModelRequest(ModelRole.Generator, null, "q"));
        }

        var usage = gateway.Usage.Snapshot();
        usage.Total.Calls.ShouldBe(2);
        usage.Total.InputTokens.ShouldBe(200);
        usage.Total.OutputTokens.ShouldBe(14);
        usage.ByRole["test.judge"].Calls.ShouldBe(1);
        usage.ByRoleKind["generator"].Calls.ShouldBe(1);
        usage.ByIteration[3].Calls.ShouldBe(2);
    }

    [Fact]
    public async Task GetResponseAsync_CacheHit_IsCountedAsFree()
    {
        var client = new FakeChatClient((_, _) => "ok")
        {
            Decorate = r =>
            {
                r.AdditionalProperties = new() { [PromptForgeChatOptionKeys.CacheHit] = true };
                return r;
            },
        };
        var gateway = CreateGateway(client, budget: new LoopBudget { MaxCalls = 1 });

        for (int i = 0; i < 3; i++)
        {
            (await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"))).FromCache.ShouldBeTrue();
        }

        gateway.Usage.Total().CachedCalls.ShouldBe(3);
        gateway.Usage.Total().InputTokens.ShouldBe(0);
    }

    [Fact]
    public async Task GetResponseAsync_CallBudgetReached_ThrowsBeforeCalling()
    {
        var client = FakeChatClient.Constant("ok");
        var gateway = CreateGateway(client, budget: new LoopBudget { MaxCalls = 2 });

        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));
        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));
        var ex = await Should.ThrowAsync<BudgetExhaustedException>(() => gateway.GetResponseAsync(new ModelRequest(Judge, null, "q")));

        ex.Reason.ShouldContain("2 of 2 calls");
        client.Calls.Count.ShouldBe(2);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentCallsUnderCallBudget_NeverExceedTheBudget()
    {
        var client = new FakeChatClient((_, _) => "ok") { Latency = TimeSpan.FromMilliseconds(20) };
        var gateway = CreateGateway(client, budget: new LoopBudget { MaxCalls = 5 }, maxConcurrency: 16);

        var tasks = Enumerable.Range(0, 16).Select(async _ =>
        {
            try
            {
                await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"));
                return true;
            }
            catch (BudgetExhaustedException)
            {
                return false;
            }
        });
        bool[] outcomes = await Task.WhenAll(tasks);

        outcomes.Count(ok => ok).ShouldBe(5);
        client.Calls.Count.ShouldBe(5);
    }

    [Fact]
    public async Task GetResponseAsync_ManyCalls_RespectsConcurrencyLimit()
    {
        var client = new FakeChatClient((_, _) => "ok") { Latency = TimeSpan.FromMilliseconds(15) };
        var gateway = CreateGateway(client, maxConcurrency: 3);

        await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => gateway.GetResponseAsync(new ModelRequest(Judge, null, "q"))));

        client.MaxObservedConcurrency.ShouldBeLessThanOrEqualTo(3);
        client.MaxObservedConcurrency.ShouldBeGreaterThan(1);
    }

    [Fact]
    public async Task GetResponseAsync_ClientThrows_RecordsFailedCallAndRethrowsWithItsCategory()
    {
        var gateway = CreateGateway(new FakeChatClient((_, _) => throw new HttpRequestException("boom")));

        var ex = await Should.ThrowAsync<ModelServiceException>(() => gateway.GetResponseAsync(new ModelRequest(Judge, null, "q")));

        ex.FailureKind.ShouldBe(ModelFailureKind.ProviderUnavailable);
        ex.InnerException.ShouldBeOfType<HttpRequestException>();
        gateway.Usage.Total().FailedCalls.ShouldBe(1);
    }

    [Fact]
    public async Task GetResponseAsync_ClientThrowsIOException_IsAProviderFailure()
    {
        var gateway = CreateGateway(new FakeChatClient((_, _) => throw new IOException("connection reset by peer")));

        var ex = await Should.ThrowAsync<ModelServiceException>(() => gateway.GetResponseAsync(new ModelRequest(Judge, null, "q")));

        ex.FailureKind.ShouldBe(ModelFailureKind.ProviderUnavailable);
    }

    [Fact]
    public async Task GetResponseAsync_AfterAProviderFailureWhenStopping_RefusesLaterCallsWithoutSendingThem()
    {
        var client = new FakeChatClient((_, _) => throw new ModelServiceException("key refused", 401));
        var gateway = new ModelGateway(
            new ModelRoleClients { Default = client }, new ModelCallSettingsResolver(new Dictionary<string, ModelCallSettings>(), new Dictionary<string, ModelCallSettings>()), 8, new LoopBudget(), TimeProvider.System, NullLogger.Instance, stopOnProviderFailure: true);

        await Should.ThrowAsync<ModelServiceException>(() => gateway.GetResponseAsync(new ModelRequest(Judge, null, "first")));
        var second = await Should.ThrowAsync<ModelServiceException>(() => gateway.GetResponseAsync(new ModelRequest(Judge, null, "second")));

        second.FailureKind.ShouldBe(ModelFailureKind.Authentication);
        client.Calls.Count.ShouldBe(1);
        gateway.StoppedBy!.StatusCode.ShouldBe(401);
    }

    [Fact]
    public async Task GetStructuredResponseAsync_MalformedAfterRepair_CountsOneContentFailurePerCall()
    {
        var gateway = CreateGateway(FakeChatClient.Constant("not json"));

        using (UsageLedger.BeginIteration(3))
        {
            await Should.ThrowAsync<StructuredOutputException>(() => gateway.GetStructuredResponseAsync(new ModelRequest(Judge, null, "q"), TestJsonContext.Default.Verdict));
            await gateway.GetResponseAsync(new ModelRequest(Judge, null, "plain"));
        }

        gateway.CallsForIteration(3).ShouldBe((2, 1));
    }

    [Fact]
    public async Task GetResponseAsync_CacheDiscriminator_IsSentSoVotesAreDistinctRequests()
    {
        var client = FakeChatClient.Constant("ok");
        var gateway = CreateGateway(client);

        await gateway.GetResponseAsync(new ModelRequest(Judge, null, "q") { CacheDiscriminator = "vote-2" });

        client.Calls.Single().Options!.AdditionalProperties![PromptForgeChatOptionKeys.CacheDiscriminator].ShouldBe("vote-2");
    }

    [Fact]
    public void ModelRole_InvalidTag_Throws()
    {
        Should.Throw<ArgumentException>(() => new ModelRole("Bad Tag", ModelRoleKind.Critic));
    }
}
