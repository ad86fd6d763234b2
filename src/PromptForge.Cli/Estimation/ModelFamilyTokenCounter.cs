using System.Collections.Concurrent;
using Microsoft.ML.Tokenizers;

namespace PromptForge.Cli.Estimation;

/// <summary>
/// Counts tokens with the tiktoken vocabulary of the model's family: o200k_base for gpt-4o, gpt-4.1, gpt-4.5, gpt-5 and
/// the o-series, cl100k_base for gpt-4 and gpt-3.5 (vocabularies embedded by Microsoft.ML.Tokenizers.Data.*, so nothing
/// is downloaded). Other families (Claude, Llama, Mistral, ...) publish no offline tokenizer here and fall back to
/// <see cref="TokenCounters.Approximate"/> (characters / 4).
/// </summary>
internal sealed class ModelFamilyTokenCounter : ITokenCounter
{
    /// <summary>The encoding of OpenAI's current model families.</summary>
    public const string O200kBase = "o200k_base";

    /// <summary>The encoding of gpt-4 and gpt-3.5.</summary>
    public const string Cl100kBase = "cl100k_base";

    // Building a tokenizer parses a vocabulary of 100k-200k entries: once per encoding per process.
    private static readonly ConcurrentDictionary<string, Lazy<Tokenizer>> Tokenizers = new(StringComparer.Ordinal);

    private readonly ITokenCounter _fallback;

    /// <param name="fallback">The counter of unknown model families; <see langword="null"/> uses characters / 4.</param>
    public ModelFamilyTokenCounter(ITokenCounter? fallback = null) => _fallback = fallback ?? TokenCounters.Approximate;

    /// <summary>Gets the shared instance (characters / 4 for unknown families).</summary>
    public static ModelFamilyTokenCounter Default { get; } = new();

    /// <inheritdoc />
    public int CountTokens(string? text, string? modelId)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        return EncodingFor(modelId) is { } encoding ? TokenizerFor(encoding).CountTokens(text) : _fallback.CountTokens(text, modelId);
    }

    /// <summary>Gets the tiktoken encoding of a model, or <see langword="null"/> when its family has none known here.</summary>
    /// <param name="modelId">A model name, optionally with a provider prefix (<c>openai/gpt-4o</c>) or a date suffix.</param>
    public static string? EncodingFor(string? modelId)
    {
        if (string.IsNullOrWhiteSpace(modelId))
        {
            return null;
        }

        string model = modelId.Trim().ToLowerInvariant();
        int slash = model.LastIndexOf('/');
        if (slash >= 0)
        {
            model = model[(slash + 1)..];
        }

        // Azure deployments and fine-tunes keep the base name inside (ft:gpt-4o-mini:org::id).
        if (model.StartsWith("ft:", StringComparison.Ordinal))
        {
            model = model[3..];
        }

        if (model.StartsWith("gpt-4o", StringComparison.Ordinal) || model.StartsWith("gpt-4.1", StringComparison.Ordinal)
            || model.StartsWith("gpt-4.5", StringComparison.Ordinal) || model.StartsWith("gpt-5", StringComparison.Ordinal)
            || model.StartsWith("chatgpt-4o", StringComparison.Ordinal) || model.StartsWith("gpt-oss", StringComparison.Ordinal)
            || IsOSeries(model))
        {
            return O200kBase;
        }

        if (model.StartsWith("gpt-4", StringComparison.Ordinal) || model.StartsWith("gpt-35", StringComparison.Ordinal)
            || model.StartsWith("gpt-3.5", StringComparison.Ordinal) || model.StartsWith("text-embedding-3", StringComparison.Ordinal)
            || model.StartsWith("text-embedding-ada-002", StringComparison.Ordinal))
        {
            return Cl100kBase;
        }

        return null;
    }

    /// <summary>o1, o1-mini, o3, o3-mini, o4-mini, ...: "o", a digit, then the end or a dash.</summary>
    private static bool IsOSeries(string model) =>
        model.Length >= 2 && model[0] == 'o' && char.IsAsciiDigit(model[1]) && (model.Length == 2 || model[2] == '-');

    private static Tokenizer TokenizerFor(string encoding) =>
        Tokenizers.GetOrAdd(encoding, static e => new Lazy<Tokenizer>(() => TiktokenTokenizer.CreateForEncoding(e))).Value;
}
