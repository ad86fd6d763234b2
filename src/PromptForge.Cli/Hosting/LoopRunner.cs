using PromptForge.Cli.Providers;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// Runs a loop with progress output: a live status line on a terminal, plain lines when redirected or in CI. On Ctrl+C
/// the loop saves the run (status Cancelled) and the resume command is printed; so it is when a provider failure
/// interrupts the run (status Interrupted).
/// </summary>
internal static class LoopRunner
{
    public static async Task<RunResult?> RunAsync(
        CliEnvironment environment, ProviderSettings provider, int maxIterations, Func<CancellationToken, IAsyncEnumerable<LoopEvent>> run, CancellationToken cancellationToken)
    {
        IAnsiConsole console = environment.Console;
        console.MarkupLine(provider.IsSimulator ? $"[yellow]{Esc(provider.Describe())}[/]" : Esc(provider.Describe()));
        var progress = new LoopProgress(maxIterations, environment.TimeProvider);
        try
        {
            if (environment.PlainOutput)
            {
                await foreach (LoopEvent loopEvent in run(cancellationToken).ConfigureAwait(false))
                {
                    if (progress.Apply(loopEvent).Line is { } line)
                    {
                        console.WriteLine(line);
                    }
                }
            }
            else
            {
                await console.Status().StartAsync(progress.Status("starting"), async context =>
                {
                    await foreach (LoopEvent loopEvent in run(cancellationToken).ConfigureAwait(false))
                    {
                        (string stage, string? line) = progress.Apply(loopEvent);
                        if (line is not null)
                        {
                            console.MarkupLine(Esc(line));
                        }

                        context.Status(Esc(progress.Status(stage)));
                    }
                }).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (progress.RunLocation is { } location)
            {
                await environment.Error.WriteLineAsync($"Cancelled. The run was saved; continue it with:\n  promptforge resume {environment.DisplayPath(location)}").ConfigureAwait(false);
            }

            throw;
        }
        catch (ModelServiceException) when (progress.RunLocation is { } location)
        {
            // The loop saved the run (status Failed) up to its last complete iteration before rethrowing.
            await environment.Error.WriteLineAsync($"The run was saved up to its last complete iteration; after fixing the cause, continue it with:\n  promptforge resume {environment.DisplayPath(location)}").ConfigureAwait(false);
            throw;
        }

        if (progress.Result is { Status: RunStatus.Interrupted } interrupted && interrupted.RunLocation is { } runLocation)
        {
            await environment.Error.WriteLineAsync(InterruptedMessage(interrupted, environment.DisplayPath(runLocation))).ConfigureAwait(false);
        }

        return progress.Result;
    }

    /// <summary>The one message of an interrupted run: the cause, what was kept, and the resume command.</summary>
    internal static string InterruptedMessage(RunResult run, string runFolder) =>
        $"Interrupted: {run.StopReason}\n"
        + $"The run was saved after {run.MetricHistory.Count} complete iteration(s); the interrupted iteration was discarded and nothing was reported as done.\n"
        + $"After fixing the cause, continue it with:\n  promptforge resume {runFolder}";
}
