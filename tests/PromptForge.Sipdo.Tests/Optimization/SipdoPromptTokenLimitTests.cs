using PromptForge.Sipdo.Tests.Fakes;
using PromptForge.Testing;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary><see cref="SipdoOptions.MaxPromptTokens"/>: rewrites are measured with the configured token counter, besides the character limit.</summary>
public sealed class SipdoPromptTokenLimitTests
{
    /// <summary>One token per word, recording the model it was asked for.</summary>
    private sealed class WordTokenCounter : ITokenCounter
    {
        public List<string?> Models { get; } = [];

        public int CountTokens(string? text, string? modelId)
        {
            lock (Models)
            {
                Models.Add(modelId);
            }

            return text?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        }
    }

    private static async Task<(RunResult Run, ScriptedChatClient Client)> RunAsync(string rewrite, Action<SipdoOptions> configure)
    {
        var client = SipdoMalformedOutputTests.WorkingClient();
        client.RespondForRoleWith("sipdo.rewrite", _ => ScriptedReply.FromText($$"""{"prompt": "{{rewrite}}", "motivation": "m"}"""));
        var run = await PromptLoop.Create().WithChatClient(client).UseSipdo(SipdoHarness.ToyTask(), o =>
        {
            o.Levels = 1;
            o.MaxRepairAttempts = 1;
            o.SelectionRound = false;
            configure(o);
        }).Build().RunAsync(SipdoHarness.InitialPrompt, TestContext.Current.CancellationToken);
        return (run, client);
    }

    [Fact]
    public async Task RunAsync_RewriteOverTokenLimitUnderCharacterLimit_IsRejectedWithTheCountersCount()
    {
        var counter = new WordTokenCounter();
        string longRewrite = string.Join(' ', Enumerable.Repeat("Answer", 60));

        var (run, client) = await RunAsync(longRewrite, o =>
        {
            o.MaxPromptTokens = 20;
            o.TokenCounter = counter;
            o.TokenCounterModelId = "task-model";
        });

        run.MetricHistory.ShouldHaveSingleItem().RoundFailed.ShouldBeTrue();
        run.FinalPrompt.Text.ShouldBe(SipdoHarness.InitialPrompt);
        client.CallsForRole("sipdo.rewrite")[1].LastUserText.ShouldContain("the revised prompt has 60 tokens; the limit is 20");
        counter.Models.ShouldAllBe(m => m == "task-model");
    }

    [Fact]
    public async Task RunAsync_NoTokenLimit_CounterIsNotConsulted()
    {
        var counter = new WordTokenCounter();

        var (_, client) = await RunAsync(string.Join(' ', Enumerable.Repeat("Answer", 60)), o => o.TokenCounter = counter);

        counter.Models.ShouldBeEmpty();
        client.CallsForRole("sipdo.rewrite").ShouldAllBe(c => !c.LastUserText.Contains("tokens; the limit"));
    }
}
