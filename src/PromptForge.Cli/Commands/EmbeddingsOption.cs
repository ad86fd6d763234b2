using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Embeddings.MiniLM;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>--embeddings minilm|hashed|provider</c>: the sentence embeddings behind every embedding-based figure of a command
/// (the critics' diversity, realism and coverage metrics and the downstream evaluation).
/// </summary>
internal static class EmbeddingsOption
{
    public const string Name = "--embeddings";
    public const string MiniLM = "minilm";
    public const string Hashed = "hashed";
    public const string Provider = "provider";

    /// <summary>The run-configuration section (config.json) and manifest field that name the embedder.</summary>
    public const string ConfigurationSection = "embeddings";

    public static Option<string> Create() => new(Name)
    {
        Description = "The embeddings of every embedding-based metric and of the downstream evaluation: minilm (all-MiniLM-L6-v2, offline; default), hashed (hashed word and character n-grams: lexical overlap only) or provider (the endpoint's embedding model).",
        DefaultValueFactory = _ => MiniLM,
    };

    /// <summary>Checks the option's value before anything runs.</summary>
    /// <exception cref="CliInputException">The value is not one of the choices.</exception>
    public static string Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        null or "" or MiniLM => MiniLM,
        Hashed => Hashed,
        Provider => Provider,
        _ => throw new CliInputException($"unknown embeddings '{value}'; use {MiniLM}, {Hashed} or {Provider}.", field: Name),
    };

    /// <summary>
    /// A chosen embedder: the option value, and the generator, created on first use for the run's provider (so a bad
    /// choice fails while the run is composed, before anything is written) and disposed with the command.
    /// </summary>
    internal sealed class Embedder(string choice) : IDisposable
    {
        private IEmbeddingGenerator<string, Embedding<float>>? _generator;

        /// <summary>Gets the option value: minilm, hashed or provider.</summary>
        public string Choice { get; } = choice;

        /// <summary>Gets the model that produces the vectors.</summary>
        public string ModelId => Choice == Hashed ? "hashed-ngram-v1" : MiniLMEmbeddingGenerator.ModelId;

        /// <summary>Gets the label printed next to every figure the embedder produced.</summary>
        public string Label => $"{Choice} ({ModelId})";

        /// <summary>Gets the generator created by <see cref="For"/>.</summary>
        public IEmbeddingGenerator<string, Embedding<float>> Generator =>
            _generator ?? throw new InvalidOperationException("The embedder is created when the run is composed.");

        /// <summary>Creates the generator for <paramref name="provider"/> (once).</summary>
        /// <exception cref="CliInputException"><see cref="Provider"/> was chosen and the provider offers no embedding model.</exception>
        public IEmbeddingGenerator<string, Embedding<float>> For(ProviderSettings provider) => _generator ??= Choice switch
        {
            Hashed => new HashedNGramEmbeddingGenerator().WithEmbeddingCache(),
            Provider => throw new CliInputException(
                $"embeddings from the provider are not available with the {provider.Provider} provider (its client has no embedding endpoint); use {MiniLM} or {Hashed}.",
                field: Name),
            _ => new MiniLMEmbeddingGenerator(),
        };

        public JsonObject ToRunConfiguration() => new() { ["choice"] = Choice, ["model"] = ModelId };

        public void Dispose() => _generator?.Dispose();
    }
}
