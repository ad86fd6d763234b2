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

    public const string ModelName = "--embeddings-model";

    public static Option<string> Create() => new(Name)
    {
        Description = "The embeddings of every embedding-based metric and of the downstream evaluation: minilm (all-MiniLM-L6-v2, offline; default), hashed (hashed word and character n-grams: lexical overlap only) or provider (the provider's embedding model, --embeddings-model; openai, azure or ollama).",
        DefaultValueFactory = _ => MiniLM,
    };

    public static Option<string?> CreateModel() => new(ModelName)
    {
        Description = "The provider's embedding model with --embeddings provider (e.g. text-embedding-3-small, an Azure deployment, nomic-embed-text).",
    };

    /// <summary>Resolves both options into an embedder (disposed by the caller).</summary>
    /// <exception cref="CliInputException">An unknown choice, a model without <c>provider</c>, or <c>provider</c> without a model.</exception>
    public static Embedder Resolve(string? choice, string? model)
    {
        string parsed = Parse(choice);
        if (parsed == Provider && string.IsNullOrWhiteSpace(model))
        {
            throw new CliInputException($"{Name} {Provider} needs {ModelName} (for example text-embedding-3-small, or nomic-embed-text on Ollama).", field: ModelName);
        }

        if (parsed != Provider && !string.IsNullOrWhiteSpace(model))
        {
            throw new CliInputException($"{ModelName} names a provider's model: it needs {Name} {Provider}.", field: ModelName);
        }

        return new Embedder(parsed, parsed == Provider ? model!.Trim() : null);
    }

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
    internal sealed class Embedder(string choice, string? providerModel = null) : IDisposable
    {
        private IEmbeddingGenerator<string, Embedding<float>>? _generator;
        private ProviderConnection? _connection;

        /// <summary>Gets the option value: minilm, hashed or provider.</summary>
        public string Choice { get; } = choice;

        /// <summary>Gets the model that produces the vectors.</summary>
        public string ModelId => Choice switch
        {
            Hashed => "hashed-ngram-v1",
            Provider => providerModel!,
            _ => MiniLMEmbeddingGenerator.ModelId,
        };

        /// <summary>Gets the label printed next to every figure the embedder produced.</summary>
        public string Label => _connection is null ? $"{Choice} ({ModelId})" : $"{Choice} ({_connection.Provider} {ModelId})";

        /// <summary>Gets the generator created by <see cref="For"/>.</summary>
        public IEmbeddingGenerator<string, Embedding<float>> Generator =>
            _generator ?? throw new InvalidOperationException("The embedder is created when the run is composed.");

        /// <summary>Creates the generator for <paramref name="provider"/> (once); the provider's generator embeds each distinct text once per run.</summary>
        /// <exception cref="CliInputException"><see cref="Provider"/> was chosen and the provider offers no embedding model.</exception>
        public IEmbeddingGenerator<string, Embedding<float>> For(ProviderSettings provider) => _generator ??= Choice switch
        {
            Hashed => new HashedNGramEmbeddingGenerator().WithEmbeddingCache(),
            Provider => FromProvider(provider),
            _ => new MiniLMEmbeddingGenerator(),
        };

        /// <summary>The <c>embeddings</c> section of config.json and of the downstream record: choice, model and, for the provider's, its provider and endpoint (never a key).</summary>
        public JsonObject ToRunConfiguration()
        {
            var section = new JsonObject { ["choice"] = Choice, ["model"] = ModelId };
            if (_connection is not null)
            {
                section["provider"] = _connection.Provider;
                section["endpoint"] = _connection.DisplayEndpoint;
            }

            return section;
        }

        public void Dispose() => _generator?.Dispose();

        private IEmbeddingGenerator<string, Embedding<float>> FromProvider(ProviderSettings provider)
        {
            if (provider.Connection is not { } connection)
            {
                throw new CliInputException(
                    $"{Name} {Provider} needs a model provider (--provider openai|azure|ollama); the simulator has no embedding model. Use {MiniLM} or {Hashed}.", field: Name);
            }

            if (connection.Provider == ProviderNames.Anthropic)
            {
                throw new CliInputException(
                    $"Anthropic has no embeddings API, so {Name} {Provider} cannot be used with the anthropic provider; use {MiniLM} (offline, the default) or {Hashed}.", field: Name);
            }

            _connection = connection;
            return ProviderClients.CreateEmbeddingGenerator(connection, ModelId, TimeSpan.FromSeconds(120)).WithEmbeddingCache();
        }
    }
}
