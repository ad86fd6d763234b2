using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;

namespace PromptForge.Cli.Tests.Providers;

public sealed class ProviderSettingsTests
{
    private static readonly Dictionary<ModelRoleKind, string?> NoRoleModels = [];

    private static Func<string, string?> Env(string? key = null) => name => name == ProviderSettings.ApiKeyVariable ? key : null;

    [Fact]
    public void Resolve_NoEndpoint_UsesSimulatorAndSaysSo()
    {
        ProviderSettings settings = ProviderSettings.Resolve(null, null, null, NoRoleModels, Env());

        settings.IsSimulator.ShouldBeTrue();
        settings.Describe().ShouldContain("SIMULATED");
        settings.ToRunConfiguration()["provider"]!.GetValue<string>().ShouldBe("simulator");
    }

    [Fact]
    public void Resolve_EndpointWithoutProvider_UsesOpenAICompatible()
    {
        ProviderSettings settings = ProviderSettings.Resolve(null, "https://example.test/v1", "m", NoRoleModels, Env("sk-secret"));

        settings.Provider.ShouldBe(ProviderNames.OpenAI);
        settings.Describe().ShouldNotContain("SIMULATED");
    }

    [Fact]
    public void Resolve_OpenAIWithoutKeyForRemoteEndpoint_FailsNamingTheVariable()
    {
        var ex = Should.Throw<CliInputException>(() => ProviderSettings.Resolve("openai", "https://api.openai.com/v1", "gpt-4o-mini", NoRoleModels, Env()));

        ex.Field.ShouldBe("OPENAI_API_KEY");
    }

    [Fact]
    public void Resolve_LocalServerWithoutKey_UsesPlaceholderKey()
    {
        ProviderSettings settings = ProviderSettings.Resolve("openai", "http://127.0.0.1:11434/v1", "llama3", NoRoleModels, Env());

        settings.ApiKey.ShouldBe(ProviderSettings.LocalServerPlaceholderKey);
    }

    [Fact]
    public void Resolve_OpenAIWithoutModel_FailsNamingModelOption()
    {
        Should.Throw<CliInputException>(() => ProviderSettings.Resolve("openai", null, null, NoRoleModels, Env("k"))).Field.ShouldBe("--model");
    }

    [Fact]
    public void Resolve_SimulatorWithEndpoint_IsContradictory()
    {
        Should.Throw<CliInputException>(() => ProviderSettings.Resolve("simulator", "http://localhost/v1", null, NoRoleModels, Env())).Field.ShouldBe("--endpoint");
    }

    [Fact]
    public void Resolve_EndpointNotHttp_Fails()
    {
        Should.Throw<CliInputException>(() => ProviderSettings.Resolve(null, "ftp://x", "m", NoRoleModels, Env("k"))).Field.ShouldBe("--endpoint");
    }

    [Fact]
    public void ToRunConfiguration_NeverContainsTheKey()
    {
        ProviderSettings settings = ProviderSettings.Resolve(
            "openai", "https://example.test/v1?api-version=1", "m", new Dictionary<ModelRoleKind, string?> { [ModelRoleKind.Critic] = "big" }, Env("sk-very-secret"));

        string json = settings.ToRunConfiguration().ToJsonString();

        json.ShouldNotContain("sk-very-secret");
        json.ShouldContain("\"critic\":\"big\"");
        settings.Describe().ShouldNotContain("sk-very-secret");
        settings.ModelFor(ModelRoleKind.Critic).ShouldBe("big");
        settings.ModelFor(ModelRoleKind.Task).ShouldBe("m");
    }

    private static Func<string, string?> Vars(params (string Name, string Value)[] values) => name => values.FirstOrDefault(v => v.Name == name).Value;

    [Theory]
    [InlineData("azure", "AZURE_OPENAI_API_KEY")]
    [InlineData("anthropic", "ANTHROPIC_API_KEY")]
    public void Resolve_RemoteProviderWithoutItsKey_FailsNamingItsVariable(string provider, string variable)
    {
        var ex = Should.Throw<CliInputException>(() => ProviderSettings.Resolve(provider, "https://example.test", "m", NoRoleModels, Env("sk-openai-only")));

        ex.Field.ShouldBe(variable);
    }

    [Fact]
    public void Resolve_Ollama_NeedsNoKeyAndDefaultsToOllamaHost()
    {
        ProviderSettings settings = ProviderSettings.Resolve("ollama", null, "llama3.2", NoRoleModels, Vars(("OLLAMA_HOST", "10.1.2.3:9999")));

        settings.ApiKey.ShouldBeNull();
        settings.Endpoint.ShouldBe(new Uri("http://10.1.2.3:9999"));
        settings.Describe().ShouldContain("Ollama");
    }

    [Fact]
    public void Resolve_AzureWithoutEndpoint_UsesAzureOpenAIEndpointOrFails()
    {
        Should.Throw<CliInputException>(() => ProviderSettings.Resolve("azure", null, "dep", NoRoleModels, Vars(("AZURE_OPENAI_API_KEY", "k")))).Field.ShouldBe("--endpoint");

        ProviderSettings settings = ProviderSettings.Resolve(
            "azure", null, "dep", NoRoleModels, Vars(("AZURE_OPENAI_API_KEY", "k"), ("AZURE_OPENAI_ENDPOINT", "https://res.openai.azure.com")));
        settings.Endpoint.ShouldBe(new Uri("https://res.openai.azure.com"));
    }

    [Fact]
    public void Resolve_CriticOnAnotherVendor_GetsItsOwnConnectionAndKeyAndNeverRecordsKeys()
    {
        ProviderSettings settings = ProviderSettings.Resolve(
            "openai", null, "gpt-4o-mini",
            new Dictionary<ModelRoleKind, string?> { [ModelRoleKind.Critic] = "claude-sonnet-4-5" },
            Vars(("OPENAI_API_KEY", "sk-openai-secret"), ("ANTHROPIC_API_KEY", "sk-ant-secret")),
            new Dictionary<ModelRoleKind, RoleProviderRequest> { [ModelRoleKind.Critic] = new("anthropic", null) });

        settings.ConnectionFor(ModelRoleKind.Critic)!.Provider.ShouldBe("anthropic");
        settings.ConnectionFor(ModelRoleKind.Critic)!.ApiKey.ShouldBe("sk-ant-secret");
        settings.ConnectionFor(ModelRoleKind.Generator)!.Provider.ShouldBe("openai");
        settings.Connections.Count.ShouldBe(2);
        string recorded = settings.ToRunConfiguration().ToJsonString() + settings.Describe() + settings.ConnectionFor(ModelRoleKind.Critic);
        recorded.ShouldContain("anthropic");
        recorded.ShouldNotContain("secret");
    }

    [Fact]
    public void Resolve_RoleOnAnotherVendorWithoutItsModel_FailsNamingTheRoleModelOption()
    {
        var ex = Should.Throw<CliInputException>(() => ProviderSettings.Resolve(
            "openai", null, "gpt-4o-mini", NoRoleModels, Vars(("OPENAI_API_KEY", "k"), ("ANTHROPIC_API_KEY", "k")),
            new Dictionary<ModelRoleKind, RoleProviderRequest> { [ModelRoleKind.Critic] = new("anthropic", null) }));

        ex.Field.ShouldBe("--critic-model");
    }

    [Fact]
    public void Resolve_RoleProviderWithSimulator_IsContradictory()
    {
        var ex = Should.Throw<CliInputException>(() => ProviderSettings.Resolve(
            null, null, null, NoRoleModels, Vars(("ANTHROPIC_API_KEY", "k")),
            new Dictionary<ModelRoleKind, RoleProviderRequest> { [ModelRoleKind.Critic] = new("anthropic", null) }));

        ex.Field.ShouldBe("--critic-provider");
    }

    [Fact]
    public void Resolve_RoleModelOnTheSameProvider_SharesTheConnection()
    {
        ProviderSettings settings = ProviderSettings.Resolve(
            "openai", null, "gpt-4o-mini", new Dictionary<ModelRoleKind, string?> { [ModelRoleKind.Critic] = "gpt-4o" }, Env("k"),
            new Dictionary<ModelRoleKind, RoleProviderRequest> { [ModelRoleKind.Critic] = new("openai", null) });

        settings.RoleConnections.ShouldBeEmpty();
        settings.ModelFor(ModelRoleKind.Critic).ShouldBe("gpt-4o");
    }
}
