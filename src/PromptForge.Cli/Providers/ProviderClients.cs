using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;
using PromptForge.Cli.Providers.Batch;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Creates the vendor SDK chat client of one <see cref="ProviderConnection"/>, with the SDK's own retries off (PromptForge's
/// resilience retries; two layers would multiply attempts) and its failures translated (<see cref="ProviderChatClient"/>):
/// OpenAI and Azure OpenAI through Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c> over the OpenAI SDK, Ollama
/// through OllamaSharp's <see cref="OllamaApiClient"/>, Anthropic through the official SDK's <c>AsIChatClient(model)</c>.
/// </summary>
internal static class ProviderClients
{
    /// <summary>The output cap Anthropic's Messages API requires on every call, used when a role sets none.</summary>
    public const int AnthropicDefaultMaxOutputTokens = 4096;

    /// <summary>Creates the translated SDK client of <paramref name="connection"/> (no PromptForge middleware yet).</summary>
    /// <param name="connection">The provider, endpoint, default model and key.</param>
    /// <param name="networkTimeout">How long one HTTP attempt may take.</param>
    public static IChatClient Create(ProviderConnection connection, TimeSpan networkTimeout)
    {
        ProviderErrorTranslator translator = Translator(connection.Provider);
        Func<string, IChatClient> perModel = connection.Provider switch
        {
            ProviderNames.OpenAI => CreateOpenAI(connection, networkTimeout, translator),
            ProviderNames.Azure => CreateAzure(connection, networkTimeout, translator),
            ProviderNames.Ollama => CreateOllama(connection, networkTimeout, translator),
            ProviderNames.Anthropic => CreateAnthropic(connection, networkTimeout, translator),
            _ => throw new ArgumentException($"'{connection.Provider}' is not a model provider.", nameof(connection)),
        };
        var endpoint = connection.Endpoint ?? new Uri(ProviderDefaults.PublicEndpoint(connection.Provider));
        return new ProviderChatClient(new ModelRoutingChatClient(connection.Provider, endpoint, connection.Model, perModel), translator);
    }

    /// <summary>
    /// Creates the embedding generator of <paramref name="connection"/>'s provider through ME.AI: OpenAI and Azure OpenAI through
    /// Microsoft.Extensions.AI.OpenAI (<c>EmbeddingClient.AsIEmbeddingGenerator()</c>), Ollama through OllamaSharp
    /// (<c>/api/embed</c>). Anthropic has no embeddings API.
    /// </summary>
    /// <param name="connection">The provider connection.</param>
    /// <param name="model">The embedding model (for Azure OpenAI, its deployment).</param>
    /// <param name="networkTimeout">How long one HTTP attempt may take.</param>
    /// <exception cref="ArgumentException">The provider has no embeddings API.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator(ProviderConnection connection, string model, TimeSpan networkTimeout)
    {
        ProviderErrorTranslator translator = Translator(connection.Provider);
        return connection.Provider switch
        {
            ProviderNames.OpenAI => new OpenAIClient(new ApiKeyCredential(connection.ApiKey!), OpenAIOptions(connection.Endpoint, networkTimeout, translator))
                .GetEmbeddingClient(model).AsIEmbeddingGenerator(),
            ProviderNames.Azure when connection.Endpoint!.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase) =>
                AzureClient(connection, connection.Endpoint, networkTimeout, translator, apiVersion: null).GetEmbeddingClient(model).AsIEmbeddingGenerator(),
            ProviderNames.Azure => AzureClient(connection, new Uri(AzureBase(connection.Endpoint), $"openai/deployments/{Uri.EscapeDataString(model)}"), networkTimeout, translator)
                .GetEmbeddingClient(model).AsIEmbeddingGenerator(),
            ProviderNames.Ollama => new OllamaApiClient(TranslatingHttpClient(connection.Endpoint!, networkTimeout, translator), model),
            _ => throw new ArgumentException($"the {connection.Provider} provider has no embeddings API.", nameof(connection)),
        };
    }

    /// <summary>
    /// Checks, before a run starts, that the endpoint answers and accepts the key, with one free request (the provider's
    /// model list: OpenAI <c>GET /models</c>, Azure <c>GET /openai/models</c>, Ollama <c>GET /api/tags</c>, Anthropic
    /// <c>GET /v1/models</c>). An unreachable endpoint, a timeout or a rejected key (401/403) throws; any other answer (a
    /// server without a models route answers 404) counts as reachable.
    /// </summary>
    /// <exception cref="ModelServiceException">The endpoint cannot be reached or rejects the key.</exception>
    public static async Task CheckEndpointAsync(ProviderConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ProviderErrorTranslator translator = Translator(connection.Provider);
        try
        {
            switch (connection.Provider)
            {
                case ProviderNames.OpenAI:
                    _ = await new OpenAIClient(new ApiKeyCredential(connection.ApiKey!), OpenAIOptions(connection.Endpoint, timeout, translator))
                        .GetOpenAIModelClient().GetModelsAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case ProviderNames.Azure:
                    _ = await AzureClient(connection, new Uri(AzureBase(connection.Endpoint!), "openai"), timeout, translator)
                        .GetOpenAIModelClient().GetModelsAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case ProviderNames.Ollama:
                    using (var ollama = new OllamaApiClient(TranslatingHttpClient(connection.Endpoint!, timeout, translator), connection.Model))
                    {
                        _ = await ollama.ListLocalModelsAsync(cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case ProviderNames.Anthropic:
                    using (AnthropicClient anthropic = CreateAnthropicClient(connection, timeout, translator))
                    {
                        _ = await anthropic.Models.List(cancellationToken: cancellationToken).ConfigureAwait(false);
                    }

                    break;
            }
        }
        catch (Exception ex) when (translator.TryTranslate(ex, cancellationToken, out ModelServiceException? translated))
        {
            // A body the SDK cannot parse still came from a live server; only silence and a refused key stop the run.
            if (translated.StatusCode is 401 or 403 || (translated.StatusCode is null && translated.InnerException is not System.Text.Json.JsonException))
            {
                throw new ModelServiceException($"{connection.DisplayEndpoint}: {translated.Message}", translated.StatusCode, innerException: translated);
            }
        }
    }

    /// <summary>
    /// Creates the translated SDK client of an OpenAI <paramref name="connection"/> whose chat calls go through the Batch API:
    /// the same OpenAI SDK chat client as <see cref="Create"/>, over a transport that hands each request body to
    /// <paramref name="queue"/> and answers with the batch's line for it (<see cref="BatchInterceptingHandler"/>).
    /// </summary>
    public static IChatClient CreateBatched(ProviderConnection connection, OpenAIBatchQueue queue)
    {
        ProviderErrorTranslator translator = Translator(connection.Provider);
        // A batch may take its whole completion window: the wait is bounded by the resilience stage's attempt timeout, not here.
        OpenAIClientOptions options = OpenAIOptions(connection.Endpoint, TimeSpan.FromDays(2), translator);
        options.Transport = new HttpClientPipelineTransport(new HttpClient(new BatchInterceptingHandler(queue)) { Timeout = Timeout.InfiniteTimeSpan });
        var client = new OpenAIClient(new ApiKeyCredential(connection.ApiKey!), options);
        var endpoint = connection.Endpoint ?? new Uri(ProviderDefaults.PublicEndpoint(connection.Provider));
        return new ProviderChatClient(new ModelRoutingChatClient(connection.Provider, endpoint, connection.Model, model => client.GetChatClient(model).AsIChatClient()), translator);
    }

    /// <summary>The files and batches endpoints of an OpenAI <paramref name="connection"/> (real-time transport).</summary>
    public static OpenAIBatchEndpoint CreateBatchEndpoint(ProviderConnection connection, TimeSpan networkTimeout) =>
        new(new OpenAIClient(new ApiKeyCredential(connection.ApiKey!), OpenAIOptions(connection.Endpoint, networkTimeout, Translator(connection.Provider))));

    internal static ProviderErrorTranslator Translator(string provider) => new(provider, ProviderDefaults.KeyVariable(provider));

    private static Func<string, IChatClient> CreateOpenAI(ProviderConnection connection, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        var client = new OpenAIClient(new ApiKeyCredential(connection.ApiKey!), OpenAIOptions(connection.Endpoint, networkTimeout, translator));
        return model => client.GetChatClient(model).AsIChatClient();
    }

    /// <summary>Azure OpenAI: one SDK client per deployment (the deployment is part of the URL), authenticated with the <c>api-key</c> header.
    /// An endpoint ending in <c>/openai/v1</c> is Azure's OpenAI-compatible v1 API: the deployment goes in the body instead.</summary>
    private static Func<string, IChatClient> CreateAzure(ProviderConnection connection, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        Uri endpoint = connection.Endpoint!;
        if (endpoint.AbsolutePath.TrimEnd('/').EndsWith("/openai/v1", StringComparison.OrdinalIgnoreCase))
        {
            OpenAIClient v1 = AzureClient(connection, endpoint, networkTimeout, translator, apiVersion: null);
            return deployment => v1.GetChatClient(deployment).AsIChatClient();
        }

        return deployment => AzureClient(connection, new Uri(AzureBase(endpoint), $"openai/deployments/{Uri.EscapeDataString(deployment)}"), networkTimeout, translator)
            .GetChatClient(deployment).AsIChatClient();
    }

    private static OpenAIClient AzureClient(
        ProviderConnection connection, Uri endpoint, TimeSpan timeout, ProviderErrorTranslator translator, string? apiVersion = AzureOpenAIApiVersionPolicy.DefaultApiVersion)
    {
        OpenAIClientOptions options = OpenAIOptions(endpoint, timeout, translator);
        if (apiVersion is not null)
        {
            options.AddPolicy(new AzureOpenAIApiVersionPolicy(apiVersion), PipelinePosition.PerCall);
        }

#pragma warning disable OPENAI001 // The authentication-policy constructor is marked for evaluation; it is the SDK's way to send Azure's api-key header.
        return new OpenAIClient(ApiKeyAuthenticationPolicy.CreateHeaderApiKeyPolicy(new ApiKeyCredential(connection.ApiKey!), "api-key"), options);
#pragma warning restore OPENAI001
    }

    /// <summary>The resource root (https://&lt;resource&gt;.openai.azure.com/) whatever path the user gave after it.</summary>
    private static Uri AzureBase(Uri endpoint)
    {
        string path = endpoint.AbsolutePath;
        int openai = path.IndexOf("/openai", StringComparison.OrdinalIgnoreCase);
        string root = openai >= 0 ? path[..openai] : path;
        return new Uri(endpoint, root.TrimEnd('/') + "/");
    }

    private static OpenAIClientOptions OpenAIOptions(Uri? endpoint, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        var options = new OpenAIClientOptions { NetworkTimeout = networkTimeout, RetryPolicy = new ClientRetryPolicy(maxRetries: 0) };
        options.AddPolicy(new OpenAIEmptyReplyPolicy(translator), PipelinePosition.PerCall);
        if (endpoint is not null)
        {
            options.Endpoint = endpoint;
        }

        return options;
    }

    private static Func<string, IChatClient> CreateOllama(ProviderConnection connection, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        HttpClient http = TranslatingHttpClient(connection.Endpoint!, networkTimeout, translator);
        return model => new OllamaApiClient(http, model);
    }

    private static Func<string, IChatClient> CreateAnthropic(ProviderConnection connection, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        AnthropicClient client = CreateAnthropicClient(connection, networkTimeout, translator);
        return model => client.AsIChatClient(model, AnthropicDefaultMaxOutputTokens);
    }

    private static AnthropicClient CreateAnthropicClient(ProviderConnection connection, TimeSpan networkTimeout, ProviderErrorTranslator translator)
    {
        var options = new Anthropic.Core.ClientOptions
        {
            ApiKey = connection.ApiKey,
            MaxRetries = 0,
            Timeout = networkTimeout,
            HttpClient = TranslatingHttpClient(connection.Endpoint, networkTimeout, translator),
        };
        if (connection.Endpoint is not null)
        {
            options.BaseUrl = connection.Endpoint.ToString().TrimEnd('/');
        }

        return new AnthropicClient(options);
    }

    private static HttpClient TranslatingHttpClient(Uri? baseAddress, TimeSpan timeout, ProviderErrorTranslator translator) =>
        new(new HttpErrorTranslatingHandler(translator) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = baseAddress,
            Timeout = timeout,
        };
}
