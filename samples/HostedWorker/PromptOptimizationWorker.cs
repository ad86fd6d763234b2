using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PromptForge;
using PromptForge.Sipdo;
using PromptForge.Simulation;

/// <summary>Runs (or resumes) the SIPDO loop once, logs its progress, then stops the host.</summary>
internal sealed partial class PromptOptimizationWorker(
    IPromptLoopFactory loops,
    IOptions<WorkerOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<PromptOptimizationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        string? runId = settings.ResumeRunId is { Length: > 0 } resume ? resume : null;
        try
        {
            var loop = loops.Create(SipdoPromptForgeBuilderExtensions.DefaultLoopName);
            var events = runId is null
                ? loop.RunStreamingAsync(settings.InitialPrompt, stoppingToken)
                : loop.ResumeStreamingAsync(runId, stoppingToken);

            // The host's stopping token cancels the run; the loop saves its state before the exception arrives here.
            await foreach (var loopEvent in events)
            {
                switch (loopEvent)
                {
                    case RunStartedEvent started:
                        runId = started.RunId;
                        LogRunStarted(started.RunId, started.Resumed ? "resumed" : "started", started.RunLocation, SimulatorInfo.Label);
                        break;
                    case IterationCompletedEvent completed:
                        var coverage = completed.Record.Metrics.TryGetValue(SipdoMetrics.Coverage, out var value) ? value.ToString() : "-";
                        LogIteration(completed.Iteration, completed.Record.PromptVersion, coverage, completed.Record.Decision, completed.RunUsage.Calls);
                        break;
                    case RunCompletedEvent done:
                        LogRunCompleted(done.Result.RunId, done.Result.Status, done.Result.BestPrompt.Version, done.Result.BestPrompt.Text);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            LogRunCancelled(runId ?? "(not created yet)", $"--Worker:ResumeRunId={runId}");
        }
        catch (Exception ex)
        {
            LogRunFailed(ex, runId ?? "(not created yet)");
            Environment.ExitCode = 1;
        }
        finally
        {
            // One run per process: stop the host when it ends (a no-op when the host is already stopping).
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {How} at {Location}, on the {Simulator}.")]
    private partial void LogRunStarted(string runId, string how, string? location, string simulator);

    [LoggerMessage(Level = LogLevel.Information, Message = "Iteration {Iteration}: prompt v{PromptVersion}, coverage {Coverage}, {Decision}; {Calls} calls so far.")]
    private partial void LogIteration(int iteration, int promptVersion, string coverage, PromptUpdateDecision decision, long calls);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId} {Status}. Best prompt v{Version}:\n{BestPrompt}")]
    private partial void LogRunCompleted(string runId, RunStatus status, int version, string bestPrompt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was cancelled by shutdown and saved. To continue it: dotnet run --project samples/HostedWorker -- {ResumeArgument}")]
    private partial void LogRunCancelled(string runId, string resumeArgument);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId} failed.")]
    private partial void LogRunFailed(Exception exception, string runId);
}
