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
}
