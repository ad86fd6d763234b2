using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Loop;

public sealed class SynSmithDependencyInjectionTests
{
    [Fact]
    public async Task AddSynSmith_LoopFromTheFactory_IsASynSmithRun()
    {
        var model = new FakeSynSmithModel();
        var services = new ServiceCollection();
        services.AddSingleton<IChatClient>(model.Client);
        services.AddPromptForge(o => { o.Loop.MaxIterations = 1; o.Loop.SamplesPerIteration = 4; })
            .AddSynSmith(TestData.CustomerSupportSchema(), TestData.CustomerSupportReal(), (o, _) => o.Condition = SynSmithCondition.FullClassic);
        await using var provider = services.BuildServiceProvider();

        var loop = provider.GetRequiredService<IPromptLoopFactory>().Create(SynSmithPromptForgeBuilderExtensions.DefaultLoopName);
        var run = await loop.RunAsync("prompt");

        run.Status.ShouldBe(RunStatus.Completed);
        run.MetricHistory[0].Critiques.Select(c => c.CriticName).ShouldContain("attribute_verifier");
        model.Client.CallsFor("synsmith.generator").Count.ShouldBe(4);
    }
}
