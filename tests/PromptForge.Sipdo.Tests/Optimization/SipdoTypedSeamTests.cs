using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using PromptForge.Sipdo.Tests.Fakes;

namespace PromptForge.Sipdo.Tests.Optimization;

/// <summary>How SIPDO's components meet: the task critic's typed result, the selection phase, prompt scores through the loop.</summary>
public sealed class SipdoTypedSeamTests
{
    [Fact]
    public async Task RunAsync_TaskCriticResult_IsTypedAndTheUpdaterRepairsTheItemsItMarksWrong()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 2);

        var first = run.MetricHistory[0];
        var critique = first.Critiques.Single();
        critique.TryGetResult(SipdoKeys.TaskRun, out var taskRun).ShouldBeTrue();
        taskRun.PromptVersion.ShouldBe(0);
        taskRun.Items.Select(i => (i.SampleId, i.Correct)).ShouldBe([(run.Samples[0].Id, false)]);
        first.Metrics[SipdoMetrics.ErrorsFound].Value.ShouldBe(1, "the updater found the one wrong item in the typed result");
        first.Decision.ShouldBe(PromptUpdateDecision.Accepted);
    }

    [Fact]
    public async Task RunAsync_SelectionPhase_RescoresKeptVersionsThroughTheLoopAndSkipsRepair()
    {
        var harness = new SipdoHarness();

        var run = await harness.RunAsync(o => o.Levels = 2);

        var selection = run.MetricHistory[^1];
        selection.Level!.Phase.ShouldBe(IterationPhase.Selection);
        selection.UpdateReason.ShouldBe("p* selection round: no repair");
        selection.SampleCount.ShouldBe(0);
        var scores = selection.Critiques.Single().PromptScores;
        scores.ShouldNotBeEmpty();
        scores.Keys.Order().ShouldBe(run.PromptHistory.Where(p => p.Version != selection.PromptVersion && p.Status is PromptVersionStatus.Initial or PromptVersionStatus.Accepted).Select(p => p.Version).Order());
        foreach (var (version, score) in scores)
        {
            run.PromptHistory.Single(p => p.Version == version).Score.ShouldBe(score);
        }

        run.MetricHistory.Take(run.MetricHistory.Count - 1).ShouldAllBe(r => r.Level!.Phase == IterationPhase.Exploration);
    }

    [Fact]
    public void TaskRunResult_SavedAsDetails_IsTheSameJsonAsBeforeAndRestoresTyped()
    {
        var taskRun = new TaskRunDetails(3, 0.5, [new TaskRunItem("i001-s0000", "yes", "no", false, "wrong", "No.")]);
        var critique = new Critique { CriticName = "sipdo_task", Result = Artifact.Create(SipdoKeys.TaskRun, taskRun) };

        var restored = JsonSerializer.Deserialize(JsonSerializer.Serialize(critique, (JsonTypeInfo<Critique>)PromptForgeJson.DefaultOptions.GetTypeInfo(typeof(Critique))), (JsonTypeInfo<Critique>)PromptForgeJson.DefaultOptions.GetTypeInfo(typeof(Critique)))!;

        critique.Details!.Value.GetRawText().ShouldBe(JsonSerializer.Serialize(taskRun, SipdoJsonContext.Default.TaskRunDetails));
        restored.TryGetResult(SipdoKeys.TaskRun, out var read).ShouldBeTrue();
        read.ShouldBe(taskRun with { Items = read.Items });
        read.Items.ShouldBe(taskRun.Items);
    }
}
