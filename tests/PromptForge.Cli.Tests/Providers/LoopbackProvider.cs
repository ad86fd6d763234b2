using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Tests.Fakes;

namespace PromptForge.Cli.Tests.Providers;

/// <summary>One provider's loopback server with what the provider tests need from it, the same for every vendor.</summary>
internal sealed class LoopbackProvider : IAsyncDisposable
{
    public const string Key = "sk-loopback-7c1d";

    private readonly LoopbackProviderServer _server;

    private LoopbackProvider(string name, LoopbackProviderServer server, string model)
    {
        Name = name;
        _server = server;
        Model = model;
        server.RequiredApiKey = name == ProviderNames.Ollama ? null : Key;
        server.RetryAfterSeconds = 0;
    }

    /// <summary>The providers that have a loopback server of their own (OpenAI's is <see cref="FakeOpenAIServer"/>).</summary>
    public static TheoryData<string> Names => [ProviderNames.Azure, ProviderNames.Ollama, ProviderNames.Anthropic];

    public string Name { get; }

    public string Model { get; }

    public Uri Endpoint => _server.RootAddress;

    public LoopbackProviderServer Server => _server;

    public int RequestCount => _server.RequestCount;

    public IReadOnlyList<JsonObject> Requests => _server.Requests;

    /// <summary>The variable the CLI reads the key from, or <see langword="null"/> for Ollama.</summary>
    public string? KeyVariable => ProviderDefaults.KeyVariable(Name);

    public static async Task<LoopbackProvider> StartAsync(string name, IChatClient? backend = null)
    {
        CancellationToken token = TestContext.Current.CancellationToken;
        return name switch
        {
            ProviderNames.Azure => new LoopbackProvider(name, await FakeAzureOpenAIServer.StartAsync(backend, token), "gpt-4o-mini"),
            ProviderNames.Ollama => new LoopbackProvider(name, await FakeOllamaServer.StartAsync(backend, token), "llama3.2"),
            ProviderNames.Anthropic => new LoopbackProvider(name, await FakeAnthropicServer.StartAsync(backend, token), "claude-sonnet-4-5"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no loopback server"),
        };
    }

    public void EnqueueFault(ProviderServerFault fault, int times = 1) => _server.EnqueueFault(fault, times);

    /// <summary>The settings the CLI resolves for <c>--provider {Name} --endpoint {Endpoint} --model {Model}</c> with the key set.</summary>
    public ProviderSettings Settings(string? key = Key) => ProviderSettings.Resolve(
        Name, Endpoint.ToString(), Model, new Dictionary<ModelRoleKind, string?>(), variable => variable == KeyVariable ? key : null);

    public ProviderConnection Connection(string? key = Key) => Settings(key).Connection!;

    /// <summary>The command-line options that select this provider.</summary>
    public string[] Options() => ["--provider", Name, "--endpoint", Endpoint.ToString(), "--model", Model];

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
