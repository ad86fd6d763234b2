using Microsoft.Extensions.AI;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>Runs whole SynSmith loops offline against a fake model.</summary>
internal static class SynSmithRuns
{
    public const string InitialPrompt = "Generate realistic customer support messages that match the requested intent and style.";

    public static Task<RunResult> RunAsync(
        IChatClient client,
        Action<SynSmithOptions>? configure = null,
        int iterations = 3,
        int samples = 16,
        AttributeSchema? schema = null,
        RealExampleSet? real = null,
        Action<PromptLoopBuilder>? builder = null)
    {
        schema ??= TestData.CustomerSupportSchema();
        real ??= RealExampleSet.Load(TestData.File("customer_support", "real_examples.jsonl"), schema);
        var loop = PromptLoop.Create()
            .WithChatClient(client)
            .WithMaxIterations(iterations)
            .WithSamplesPerIteration(samples)
            .WithMaxConcurrency(32)
            .WithSeed(17)
            .UseSynSmith(schema, real, configure);
        builder?.Invoke(loop);
        return loop.Build().RunAsync(InitialPrompt);
    }
}
