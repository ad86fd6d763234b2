using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.DependencyInjection;

public sealed class PromptForgeServiceCollectionExtensionsTests
{
    private static IConfiguration Config(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void AddPromptForge_BindsOptionsFromConfiguration()
    {
        var services = new ServiceCollection();
        services.AddPromptForge(Config(new()
        {
            ["PromptForge:Loop:MaxIterations"] = "4",
            ["PromptForge:Loop:Seed"] = "17",
            ["PromptForge:Loop:Budget:MaxCalls"] = "250",
            ["PromptForge:Loop:Roles:updater:Temperature"] = "0.3",
            ["PromptForge:RunsDirectory"] = "my-runs",
        }));
        using var provider = services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<PromptForgeOptions>>().Value;

        options.Loop.MaxIterations.ShouldBe(4);
        options.Loop.Seed.ShouldBe(17);
        options.Loop.Budget.MaxCalls.ShouldBe(250);
        options.Loop.Roles["updater"].Temperature.ShouldBe(0.3f);
        options.RunsDirectory.ShouldBe("my-runs");
    }

    [Fact]
    public async Task AddPromptForge_InvalidConfiguration_FailsOnStartListingEveryProblem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["PromptForge:Loop:MaxIterations"] = "0",
            ["PromptForge:Loop:MaxConcurrency"] = "0",
            ["PromptForge:Loop:Budget:MaxCalls"] = "-1",
            ["PromptForge:RunsDirectory"] = "",
        });
        builder.Services.AddPromptForge(builder.Configuration);
        using var host = builder.Build();

        var ex = await Should.ThrowAsync<OptionsValidationException>(() => host.StartAsync());

        ex.Failures.ShouldContain(f => f.Contains("MaxIterations", StringComparison.Ordinal));
        ex.Failures.ShouldContain(f => f.Contains("MaxConcurrency", StringComparison.Ordinal));
        ex.Failures.ShouldContain(f => f.Contains("MaxCalls", StringComparison.Ordinal));
        ex.Failures.ShouldContain(f => f.Contains("RunsDirectory", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_NamedLoop_UsesKeyedRoleClientsAndConfiguredSteps()
    {
        var defaultClient = FakeChatClient.Constant("default");
        var taskClient = FakeChatClient.Constant("task");
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(defaultClient);
        services.AddKeyedSingleton<IChatClient>(PromptForgeServiceKeys.TaskClient, taskClient);
        string runs = Path.Combine(Path.GetTempPath(), "pf-di-" + Guid.NewGuid().ToString("N"));
        services.AddPromptForge(o =>
            {
                o.Loop.MaxIterations = 2;
                o.RunsDirectory = runs;
            })
            .ConfigureLoop("probe", (b, _) => b.WithGenerator(new RoleProbeGenerator()));
        using var provider = services.BuildServiceProvider();
        var factory = provider.GetRequiredService<IPromptLoopFactory>();

        var result = await factory.Create("probe").RunAsync("p");

        factory.LoopNames.ShouldBe(["probe"]);
        result.MetricHistory.Count.ShouldBe(2);
        result.Samples[0].Input.ShouldBe("task|default");
        taskClient.Calls.Count.ShouldBe(2);
        File.Exists(Path.Combine(runs, result.RunId, "manifest.json")).ShouldBeTrue();
        Directory.Delete(runs, recursive: true);
    }

    [Fact]
    public void Create_UnknownLoop_ThrowsNamingConfiguredLoops()
    {
        var services = new ServiceCollection();
        services.AddPromptForge(o => o.RunsDirectory = Path.GetTempPath()).ConfigureLoop("sipdo", (b, _) => b.WithGenerator(new CountingGenerator()));
        using var provider = services.BuildServiceProvider();

        var ex = Should.Throw<KeyNotFoundException>(() => provider.GetRequiredService<IPromptLoopFactory>().Create("synsmith"));

        ex.Message.ShouldContain("sipdo");
    }

    [Fact]
    public void Create_CriticByType_IsResolvedFromTheContainer()
    {
        var services = new ServiceCollection();
        services.AddSingleton(new CriticDependency("from-di"));
        services.AddPromptForge().ConfigureLoop("l", (b, _) => b.WithGenerator(new CountingGenerator()).WithCritic<DependentCritic>());
        using var provider = services.BuildServiceProvider();

        var loop = provider.GetRequiredService<IPromptLoopFactory>().Create("l");

        loop.ShouldNotBeNull();
    }

    internal sealed record CriticDependency(string Value);

    internal sealed class DependentCritic(CriticDependency dependency) : CriticBase
    {
        public override string Name => "dependent";

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(new Critique { CriticName = Name, Complaints = [new Complaint { Code = "dep", Message = dependency.Value }] });
    }

    private sealed class RoleProbeGenerator : IGenerator
    {
        public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            var task = await context.Models.GetResponseAsync(new ModelRequest(ModelRole.Task, null, "q"), cancellationToken);
            var generator = await context.Models.GetResponseAsync(new ModelRequest(ModelRole.Generator, null, "q"), cancellationToken);
            return new GenerationResult { Samples = [new Sample { Id = SampleIds.Create(context.Iteration, 0), Input = task.Text + "|" + generator.Text }] };
        }
    }
}
