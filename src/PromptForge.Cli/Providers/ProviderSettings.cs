using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Which model provider a command uses, resolved from <c>--provider</c>, <c>--endpoint</c>, <c>--model</c>, the per-role
/// model options and <c>OPENAI_API_KEY</c>. With no endpoint the offline simulator is used.
/// </summary>
internal sealed record ProviderSettings
{
    public const string ApiKeyVariable = "OPENAI_API_KEY";

    /// <summary>The key sent to local servers (Ollama, vLLM, LM Studio) that ignore it, when no key is set.</summary>
    internal const string LocalServerPlaceholderKey = "not-needed-for-local-servers";

    private ProviderSettings(string provider, Uri? endpoint, string? model, IReadOnlyDictionary<ModelRoleKind, string> roleModels, string? apiKey)
    {
        Provider = provider;
        Endpoint = endpoint;
        Model = model;
        RoleModels = roleModels;
        ApiKey = apiKey;
    }

    public string Provider { get; }

    public bool IsSimulator => Provider == ProviderNames.Simulator;

    public Uri? Endpoint { get; }

    public string? Model { get; }

    public IReadOnlyDictionary<ModelRoleKind, string> RoleModels { get; }

    /// <summary>Gets the response-cache folder, or <see langword="null"/> when caching is off (<c>--no-cache</c>).</summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Gets the request rate limit per minute, if any.</summary>
    public int? RequestsPerMinute { get; init; }

    /// <summary>Gets the token rate limit per minute, if any.</summary>
    public int? TokensPerMinute { get; init; }

    /// <summary>Gets the API key. Never printed, logged or written to a run folder (see <see cref="ToRunConfiguration"/>).</summary>
    internal string? ApiKey { get; }

    /// <summary>Resolves the settings; contradictory or missing options are a <see cref="CliInputException"/> (exit code 2).</summary>
    public static ProviderSettings Resolve(
        string? provider, string? endpoint, string? model, IReadOnlyDictionary<ModelRoleKind, string?> roleModels, Func<string, string?> getEnvironmentVariable)
    {
        Uri? endpointUri = null;
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out endpointUri) || endpointUri.Scheme is not ("http" or "https"))
            {
                throw new CliInputException($"'{endpoint}' is not an http(s) URL, e.g. https://api.openai.com/v1 or http://localhost:11434/v1.", field: "--endpoint");
            }
        }

        string resolved = provider ?? (endpointUri is null ? ProviderNames.Simulator : ProviderNames.OpenAI);
        var models = roleModels.Where(r => !string.IsNullOrWhiteSpace(r.Value)).ToDictionary(r => r.Key, r => r.Value!);
        if (resolved == ProviderNames.Simulator)
        {
            if (endpointUri is not null)
            {
                throw new CliInputException("--endpoint needs --provider openai; the simulator makes no network calls.", field: "--endpoint");
            }

            return new ProviderSettings(resolved, null, model, models, apiKey: null);
        }

        if (string.IsNullOrWhiteSpace(model))
        {
            throw new CliInputException("--model is required with --provider openai (for example --model gpt-4o-mini).", field: "--model");
        }

        string? key = getEnvironmentVariable(ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            if (endpointUri is null || !endpointUri.IsLoopback)
            {
                throw new CliInputException(
                    $"{ApiKeyVariable} is not set. The key is read only from that environment variable; local servers on localhost need none.",
                    field: ApiKeyVariable);
            }

            key = LocalServerPlaceholderKey;
        }

        return new ProviderSettings(resolved, endpointUri, model, models, key);
    }

    /// <summary>Gets the model a role kind uses.</summary>
    public string? ModelFor(ModelRoleKind kind) => RoleModels.TryGetValue(kind, out string? model) ? model : Model;

    /// <summary>The <c>cli</c> section of the run's config.json: provider, endpoint and models, never the key.</summary>
    public JsonObject ToRunConfiguration()
    {
        var roleModels = new JsonObject();
        foreach ((ModelRoleKind kind, string model) in RoleModels.OrderBy(r => r.Key))
        {
            roleModels[kind.ToString().ToLowerInvariant()] = model;
        }

        var section = new JsonObject { ["provider"] = Provider, ["model"] = IsSimulator ? ProviderNames.Simulator : Model };
        if (Endpoint is not null)
        {
            section["endpoint"] = Endpoint.GetLeftPart(UriPartial.Path);
        }

        if (roleModels.Count > 0)
        {
            section["role_models"] = roleModels;
        }

        return section;
    }

    /// <summary>Describes the settings without the key (a record's generated ToString must never print it).</summary>
    public override string ToString() => Describe();

    /// <summary>One line for every output: which provider served the calls, and a plain warning for the simulator.</summary>
    public string Describe() => IsSimulator
        ? "Provider: offline simulator (no endpoint configured). Results are SIMULATED, not produced by a language model."
        : $"Provider: OpenAI-compatible endpoint {Endpoint?.GetLeftPart(UriPartial.Path) ?? "https://api.openai.com/v1"}, model {Model}"
          + (RoleModels.Count > 0 ? $" ({string.Join(", ", RoleModels.OrderBy(r => r.Key).Select(r => $"{r.Key.ToString().ToLowerInvariant()}: {r.Value}"))})" : string.Empty);
}
