using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace PromptForge;

public sealed partial class PromptLoop
{
    private readonly PromptLoopComponents _components;

    internal PromptLoop(PromptLoopComponents components)
    {
        _components = components;
    }

    /// <summary>Gets the validated parts the loop runs with.</summary>
    internal PromptLoopComponents Components => _components;

    /// <summary>Gets the loop's options (a copy taken at <see cref="PromptLoopBuilder.Build"/>).</summary>
    public PromptLoopOptions Options => _components.Options.Clone();

    /// <summary>Runs the loop from an initial prompt until the iterations or the curriculum end, or the budget is spent.</summary>
    /// <param name="initialPrompt">The prompt to optimize (a task prompt for SIPDO, a generator prompt for SynSmith).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests. A cancelled run is saved and can be resumed.</param>
    /// <returns>The result; <see cref="RunResult.Status"/> tells whether the budget stopped it.</returns>
    /// <exception cref="ArgumentException"><paramref name="initialPrompt"/> is null, empty or white space.</exception>
    /// <exception cref="OperationCanceledException">The run was cancelled (its state is saved first).</exception>
    public async Task<RunResult> RunAsync(string initialPrompt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(initialPrompt);
        return await CollectResultAsync(RunStreamingAsync(initialPrompt, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Runs the loop and streams its progress as typed events; the last event is a <see cref="RunCompletedEvent"/>.</summary>
    /// <param name="initialPrompt">The prompt to optimize.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentException"><paramref name="initialPrompt"/> is null, empty or white space.</exception>
    public IAsyncEnumerable<LoopEvent> RunStreamingAsync(string initialPrompt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(initialPrompt);
        return StreamAsync((sink, ct) => RunCoreAsync(initialPrompt, resumeRunId: null, sink, ct), cancellationToken);
    }

    /// <summary>
    /// Continues an interrupted run (crash, kill, cancellation, budget) from its last completed iteration. With a
    /// deterministic model it ends with the same artifacts as an uninterrupted run; with the response cache on, no
    /// completed call is paid twice. The loop's current budget applies to the whole run, earlier usage included.
    /// </summary>
    /// <param name="runId">The run to resume.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is null, empty or not a valid run id.</exception>
    /// <exception cref="InvalidOperationException">No run store is configured, or the run does not exist.</exception>
    /// <exception cref="InvalidDataException">The run's manifest or checkpoint is missing or corrupt; nothing is changed.</exception>
    public async Task<RunResult> ResumeAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return await CollectResultAsync(ResumeStreamingAsync(runId, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Resumes a run and streams its progress.</summary>
    /// <param name="runId">The run to resume.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The events.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is null or empty.</exception>
    public IAsyncEnumerable<LoopEvent> ResumeStreamingAsync(string runId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return StreamAsync((sink, ct) => RunCoreAsync(initialPrompt: null, runId, sink, ct), cancellationToken);
    }

    private static async Task<RunResult> CollectResultAsync(IAsyncEnumerable<LoopEvent> events)
    {
        RunResult? result = null;
        await foreach (var loopEvent in events.ConfigureAwait(false))
        {
            if (loopEvent is RunCompletedEvent completed)
            {
                result = completed.Result;
            }
        }

        return result ?? throw new InvalidOperationException("The run ended without a result.");
    }

    private static async IAsyncEnumerable<LoopEvent> StreamAsync(
        Func<ILoopEventSink, CancellationToken, Task> run,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<LoopEvent>(new UnboundedChannelOptions { SingleReader = true });
        using var runCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sink = new ChannelEventSink(channel.Writer);
        var runTask = Task.Run(
            async () =>
            {
                try
                {
                    await run(sink, runCancellation.Token).ConfigureAwait(false);
                    channel.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    channel.Writer.TryComplete(ex);
                }
            },
            CancellationToken.None);

        try
        {
            await foreach (var loopEvent in channel.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return loopEvent;
            }
        }
        finally
        {
            // A consumer that stops early cancels the run; the run saves its state before it ends.
            await runCancellation.CancelAsync().ConfigureAwait(false);
            await runTask.ConfigureAwait(false);
        }
    }

    private sealed class ChannelEventSink(ChannelWriter<LoopEvent> writer) : ILoopEventSink
    {
        public void Publish(LoopEvent loopEvent)
        {
            ArgumentNullException.ThrowIfNull(loopEvent);
            writer.TryWrite(loopEvent);
        }
    }
}
