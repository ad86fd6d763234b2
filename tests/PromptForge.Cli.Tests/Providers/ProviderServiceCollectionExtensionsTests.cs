using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Simulation;

namespace PromptForge.Cli.Tests.Providers;

/// <summary><c>AddPromptForgeProviders</c>: the providers section of an application's configuration as keyed role clients.</summary>
public sealed class ProviderServiceCollectionExtensionsTests
{
    private static IConfiguration Configuration(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("PromptForge:Providers:" + v.Key, v.Value))).Build();

    [Fact]
    public async Task AddPromptForgeProviders_CriticOnAnotherVendor_KeyedCriticClientCallsThatVendorWithItsModel()
    {
        await using LoopbackProvider ollama = await LoopbackProvider.StartAsync(ProviderNames.Ollama, new SimulatedChatClient());
        await using LoopbackProvider anthropic = await LoopbackProvider.StartAsync(ProviderNames.Anthropic, new SimulatedChatClient());
        IConfiguration configuration = Configuration(
            ("Provider", "ollama"), ("Endpoint", ollama.Endpoint.ToString()), ("Model", "llama3.2"),
            ("Roles:Critic:Provider", "anthropic"), ("Roles:Critic:Endpoint", anthropic.Endpoint.ToString()), ("Roles:Critic:Model", "claude-haiku-4-5"),
            ("Roles:Updater:Model", "qwen3"));
        await using ServiceProvider services = new ServiceCollection()
            .AddPromptForgeProviders(configuration, v => v == "ANTHROPIC_API_KEY" ? LoopbackProvider.Key : null)
            .BuildServiceProvider();
        CancellationToken token = TestContext.Current.CancellationToken;

        await services.GetRequiredKeyedService<IChatClient>(PromptForgeServiceKeys.CriticClient).GetResponseAsync("judge this", cancellationToken: token);
        await services.GetRequiredKeyedService<IChatClient>(PromptForgeServiceKeys.UpdaterClient).GetResponseAsync("update this", cancellationToken: token);
        await services.GetRequiredService<IChatClient>().GetResponseAsync("generate", cancellationToken: token);

        anthropic.Requests.Select(r => r["model"]!.GetValue<string>()).ShouldBe(["claude-haiku-4-5"]);
        ollama.Requests.Select(r => r["model"]!.GetValue<string>()).ShouldBe(["qwen3", "llama3.2"]);
        services.GetKeyedService<IChatClient>(PromptForgeServiceKeys.GeneratorClient).ShouldBeNull();
    }

    [Fact]
    public void AddPromptForgeProviders_NoSection_RegistersTheSimulator()
    {
        using ServiceProvider services = new ServiceCollection().AddPromptForgeProviders(Configuration(), _ => null).BuildServiceProvider();

        services.GetRequiredService<ProviderSettings>().IsSimulator.ShouldBeTrue();
        services.GetRequiredService<IChatClient>().GetService<SimulatedChatClient>().ShouldNotBeNull();
    }

    [Theory]
    [InlineData("Roles:Critic:Provider", "gemini", "PromptForge:Providers:Roles:Critic:Provider")]
    [InlineData("Roles:Critic:Provider", "anthropic", "PromptForge:Providers:Roles:Critic:Model")]
    [InlineData("Endpoint", "ftp://x", "PromptForge:Providers:Endpoint")]
    public void AddPromptForgeProviders_BadValue_NamesTheConfigurationKey(string key, string value, string field)
    {
        IConfiguration configuration = Configuration(("Provider", "ollama"), ("Model", "llama3.2"), (key, value));

        var ex = Should.Throw<CliInputException>(() => new ServiceCollection().AddPromptForgeProviders(configuration, _ => "k"));

        ex.Field.ShouldBe(field);
    }

    [Fact]
    public async Task AddPromptForgeProviders_EmbeddingsModel_RegistersTheProvidersEmbeddingGeneratorCachedByText()
    {
        await using var server = await Fakes.FakeOpenAIServer.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        IConfiguration configuration = Configuration(("Provider", "openai"), ("Endpoint", server.BaseAddress.ToString()), ("Model", "gpt-4o-mini"), ("EmbeddingsModel", "text-embedding-3-small"));
        await using ServiceProvider services = new ServiceCollection().AddPromptForgeProviders(configuration, _ => "sk-loopback-di").BuildServiceProvider();
        var generator = services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>();

        var first = await generator.GenerateAsync(["a cat", "a dog"], cancellationToken: TestContext.Current.CancellationToken);
        var again = await generator.GenerateAsync(["a cat"], cancellationToken: TestContext.Current.CancellationToken);

        first[0].Vector.ToArray().ShouldBe(Fakes.FakeEmbeddings.Vector("a cat"), tolerance: 1e-6f);
        again[0].Vector.ToArray().ShouldBe(first[0].Vector.ToArray());
        server.Embeddings.Texts.ShouldBe(["a cat", "a dog"]);
        server.Embeddings.Requests.ShouldAllBe(r => r["model"]!.GetValue<string>() == "text-embedding-3-small");
    }

    [Fact]
    public void AddPromptForgeProviders_EmbeddingsModelOnAnthropic_NamesTheKeyAndSaysThereIsNoEmbeddingsApi()
    {
        IConfiguration configuration = Configuration(("Provider", "anthropic"), ("Model", "claude-haiku-4-5"), ("EmbeddingsModel", "voyage-3"));

        var ex = Should.Throw<CliInputException>(() => new ServiceCollection().AddPromptForgeProviders(configuration, _ => "k"));

        ex.Field.ShouldBe("PromptForge:Providers:EmbeddingsModel");
        ex.Message.ShouldContain("Anthropic has no embeddings API");
    }
}
