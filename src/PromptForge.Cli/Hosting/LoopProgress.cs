using System.Diagnostics;
using System.Globalization;

namespace PromptForge.Cli.Hosting;

/// <summary>Turns loop events into progress text: the current stage for a live status line, and one line per milestone.</summary>
internal sealed class LoopProgress(int maxIterations, TimeProvider timeProvider)
{
    private readonly long _started = timeProvider.GetTimestamp();
    private UsageTotals _usage = new();
    private int _iteration;
    private int _critiques;

    public string? RunId { get; private set; }

    public string? RunLocation { get; private set; }

    public RunResult? Result { get; private set; }

    /// <summary>Gets the live status line: iteration, stage, calls, tokens, elapsed.</summary>
    public string Status(string stage) => string.Create(CultureInfo.InvariantCulture,
        $"Iteration {_iteration}/{maxIterations} · {stage} · {_usage.Calls:#,0} calls · {_usage.InputTokens + _usage.OutputTokens:#,0} tokens · {Elapsed()}");

    /// <summary>Applies an event; returns the stage it starts (for the live line) and a milestone line to print, if any.</summary>
    public (string Stage, string? Line) Apply(LoopEvent loopEvent)
    {
        RunId ??= loopEvent.RunId;
        _iteration = Math.Max(_iteration, loopEvent.Iteration);
        switch (loopEvent)
        {
            case RunStartedEvent started:
                RunLocation = started.RunLocation;
                return ("starting", started.Resumed ? $"Resuming run {started.RunId}" : $"Run {started.RunId} started in {started.RunLocation ?? "memory"}");
            case IterationStartedEvent:
                _critiques = 0;
                return ("generating samples", null);
            case SamplesGeneratedEvent generated:
                return ("critics", Line($"{generated.Samples.Count} samples" + (generated.RejectedCount > 0 ? $" ({generated.RejectedCount} rejected)" : string.Empty)
                    + (generated.LevelSkipped ? " · level skipped" : string.Empty)));
            case CritiqueCompletedEvent critique:
                _critiques++;
                return ($"critics ({_critiques} done)", critique.Critique.Error is { } error ? Line($"critic {critique.Critique.CriticName} failed: {error}") : null);
            case PromptProposedEvent:
                return ("confirming a prompt rewrite", null);
            case PromptAcceptedEvent accepted:
                return ("prompt accepted", Line($"prompt v{accepted.Prompt.Version} accepted"));
            case PromptRejectedEvent rejected:
                return ("prompt rejected", Line($"prompt v{rejected.Prompt.Version} rolled back: {rejected.Reason}"));
            case IterationCompletedEvent completed:
                _usage = completed.RunUsage;
                return ("iteration done", Line(string.Create(CultureInfo.InvariantCulture,
                    $"done · objective {(completed.Record.Objective is { } o ? o.ToString("0.###", CultureInfo.InvariantCulture) : "n/a")} · {_usage.Calls:#,0} calls · {_usage.InputTokens + _usage.OutputTokens:#,0} tokens · {Elapsed()}")));
            case BudgetReachedEvent budget:
                return ("budget reached", $"Budget reached: {budget.Reason}");
            case ProgressEvent progress:
                return ($"{progress.Stage}: {progress.Message}", null);
            case RunCompletedEvent completed:
                Result = completed.Result;
                return ("finished", null);
            default:
                return ("running", null);
        }
    }

    private string Line(string text) => $"[iteration {_iteration}] {text}";

    private string Elapsed() => timeProvider.GetElapsedTime(_started).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
}
