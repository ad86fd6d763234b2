using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>Runs critics and generators directly, through a real loop's gateway: a one-iteration loop whose generator returns given samples.</summary>
internal static class Contexts
{
    /// <summary>Runs the given critics on <paramref name="samples"/> through a one-iteration loop and returns the iteration record.</summary>
    public static Task<RunResult> RunCriticsAsync(IChatClient client, IReadOnlyList<Sample> samples, params ICritic[] critics) =>
        RunCriticsAsync(client, samples, null, critics);

    public static async Task<RunResult> RunCriticsAsync(IChatClient client, IReadOnlyList<Sample> samples, IEmbeddingGenerator<string, Embedding<float>>? embeddings, params ICritic[] critics)
    {
        var builder = PromptLoop.Create()
            .WithChatClient(client)
            .WithGenerator(new FixedGenerator(samples))
            .WithMaxIterations(1)
            .WithSamplesPerIteration(Math.Max(1, samples.Count))
            .WithMaxConcurrency(16)
            .WithLoggerFactory(NullLoggerFactory.Instance);

        // These runs check how a critic handles its replies, malformed ones included; the loop's limit on content
        // failures per iteration (which would interrupt a one-critic iteration whose only call is malformed) is off.
        builder.Options.MaxContentFailureShare = 1;
        if (embeddings is not null)
        {
            builder.WithEmbeddingGenerator(embeddings);
        }

        foreach (var critic in critics)
        {
            builder.WithCritic(critic);
        }

        return await builder.Build().RunAsync("prompt", CancellationToken.None);
    }

    public static Sample Sample(int index, string text, string intent, IReadOnlyDictionary<string, string>? extra = null)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["intent"] = intent,
            ["difficulty"] = "medium",
            ["ambiguity"] = "low",
            ["style"] = "informal",
            ["noise"] = "clean",
            ["scenario_type"] = "common",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            attributes[k] = v;
        }

        return new Sample
        {
            Id = SampleIds.Create(0, index),
            Input = text,
            Expected = intent,
            RequestedAttributes = attributes,
            GeneratedAttributes = attributes,
        };
    }

    private sealed class FixedGenerator(IReadOnlyList<Sample> samples) : IGenerator
    {
        public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GenerationResult { Samples = samples });
    }
}
