using System.Text.Json.Nodes;
using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class RunConfigurationJsonTests
{
    [Fact]
    public void Create_WritesOptionsRolesComponentsAndPackageSections()
    {
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v, "judge"))
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithSeed(42)
            .WithMaxIterations(6)
            .WithSamplesPerIteration(3)
            .WithRunConfiguration("method", new JsonObject { ["condition"] = "full" })
            .Build();

        var config = RunConfigurationJson.Create(loop.Components);

        config["seed"]!.GetValue<int>().ShouldBe(42);
        config["max_iterations"]!.GetValue<int>().ShouldBe(6);
        config["samples_per_iteration"]!.GetValue<int>().ShouldBe(3);
        config["budget"]!["max_calls"].ShouldBeNull();
        var components = config["components"]!;
        components["generator"]!.GetValue<string>().ShouldBe(typeof(CountingGenerator).FullName);
        components["critics"]![0]!["name"]!.GetValue<string>().ShouldBe("judge");
        components["critics"]![0]!["stage"]!.GetValue<int>().ShouldBe(0);
        components["updater"].ShouldBeNull();
        components["acceptance_gate"]!.GetValue<string>().ShouldBe(typeof(NoRegressionGate).FullName);
        config["method"]!["condition"]!.GetValue<string>().ShouldBe("full");
    }

    [Fact]
    public void Create_PackageSection_IsACopyNotTheLoopsOwnNode()
    {
        var section = new JsonObject { ["condition"] = "full" };
        var loop = PromptLoop.Create().WithGenerator(new CountingGenerator()).WithRunConfiguration("method", section).Build();

        var first = RunConfigurationJson.Create(loop.Components);
        first["method"]!["condition"] = "changed";

        RunConfigurationJson.Create(loop.Components)["method"]!["condition"]!.GetValue<string>().ShouldBe("full");
    }
}
