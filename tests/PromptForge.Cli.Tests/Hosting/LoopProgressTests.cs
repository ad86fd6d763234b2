using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.Hosting;

public sealed class LoopProgressTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Apply_RunEvents_TracksRunLocationStageAndUsage()
    {
        var progress = new LoopProgress(maxIterations: 5, TimeProvider.System);

        progress.Apply(new RunStartedEvent { RunId = "r1", Iteration = 0, Timestamp = Now, RunLocation = "/runs/r1" }).Line.ShouldBe("Run r1 started in /runs/r1");
        progress.Apply(new IterationStartedEvent { RunId = "r1", Iteration = 2, Timestamp = Now, PromptVersion = 1 }).Stage.ShouldBe("generating samples");
        (string stage, string? line) = progress.Apply(new PromptRejectedEvent
        {
            RunId = "r1", Iteration = 2, Timestamp = Now, Prompt = new PromptVersion { Version = 3, Text = "p" }, Reason = "regressed",
        });

        stage.ShouldBe("prompt rejected");
        line.ShouldBe("[iteration 2] prompt v3 rolled back: regressed");
        progress.RunLocation.ShouldBe("/runs/r1");
        progress.Status(stage).ShouldStartWith("Iteration 2/5 · prompt rejected · 0 calls · 0 tokens · ");
    }

    [Fact]
    public void PlainOutput_CiVariableOrRedirect_IsPlain()
    {
        static CliEnvironment Environment(string? ci, bool redirected) => new()
        {
            Out = TextWriter.Null, Error = TextWriter.Null, GetEnvironmentVariable = n => n == "CI" ? ci : null, IsOutputRedirected = redirected,
        };

        Environment("true", redirected: false).PlainOutput.ShouldBeTrue();
        Environment(null, redirected: true).PlainOutput.ShouldBeTrue();
        Environment(null, redirected: false).PlainOutput.ShouldBeFalse();
        Environment("false", redirected: false).PlainOutput.ShouldBeFalse();
    }
}
