using System.Runtime.CompilerServices;

namespace PromptForge.Sipdo;

/// <summary>
/// The task verdicts of one run: at temperature 0 the answer to (prompt text, item) cannot change, so each pair is
/// answered once per run, whichever component asks (the critic, local and global confirmation, the selection round),
/// and concurrent requests for the same pair share one call. Independent of any response cache; the verdicts are saved
/// in the loop state (<see cref="TaskVerdictMemoState"/>) so a resumed run keeps them. At another task temperature
/// every request is answered afresh.
/// </summary>
internal sealed class TaskVerdictMemo(TaskDefinition task, SipdoOptions options)
{
    // Per loop state: a resumed run's state starts from its saved verdicts, and loops built from one builder never share.
    private readonly ConditionalWeakTable<LoopState, Dictionary<(string Prompt, string Item), Task<TaskRunItem>>> _runs = [];

    /// <summary>Gets a value indicating whether verdicts are reused (the task temperature is 0).</summary>
    public bool Enabled => options.TaskTemperature == 0 && !options.LegacyTaskScheduling;

    /// <summary>Answers and grades <paramref name="items"/> under <paramref name="prompt"/>, reusing every verdict this run already has.</summary>
    public async Task<IReadOnlyList<TaskRunItem>> RunAsync(LoopState state, IModelGateway models, string prompt, IReadOnlyList<GradedItem> items, CancellationToken cancellationToken)
    {
        if (!Enabled)
        {
            return await TaskRunner.RunAsync(models, task, prompt, items, temperature: null, cancellationToken).ConfigureAwait(false);
        }

        var key = HeldOutJournal.PromptKey(prompt);
        var runs = new Task<TaskRunItem>[items.Count];
        var memo = Verdicts(state);
        lock (memo)
        {
            for (var i = 0; i < items.Count; i++)
            {
                var pair = (key, items[i].Id);
                if (!memo.TryGetValue(pair, out var run) || run.IsFaulted || run.IsCanceled)
                {
                    run = AnswerAsync(models, prompt, items[i], cancellationToken);
                    memo[pair] = run;
                }

                runs[i] = run;
            }
        }

        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>The completed verdicts as a state update (the loop saves it with the iteration's checkpoint), or
    /// <see langword="null"/> when verdicts are not reused.</summary>
    public Artifact? Snapshot(LoopState state)
    {
        if (!Enabled)
        {
            return null;
        }

        TaskVerdictMemoState snapshot;
        var memo = Verdicts(state);
        lock (memo)
        {
            snapshot = new TaskVerdictMemoState
            {
                Verdicts = memo
                    .Where(kv => kv.Value.IsCompletedSuccessfully)
                    .OrderBy(kv => kv.Key.Prompt, StringComparer.Ordinal)
                    .ThenBy(kv => kv.Key.Item, StringComparer.Ordinal)
                    .Select(kv => new TaskVerdictEntry(kv.Key.Prompt, kv.Key.Item, kv.Value.Result))
                    .ToList(),
            };
        }

        return Artifact.Create(SipdoKeys.TaskVerdicts, snapshot);
    }

    /// <summary>The verdicts of a state, starting from those saved in it (a new run has none; a resumed run its own).</summary>
    private Dictionary<(string Prompt, string Item), Task<TaskRunItem>> Verdicts(LoopState state) =>
        _runs.GetValue(state, s => (s.TryGetValue(SipdoKeys.TaskVerdicts, out var saved) ? saved.Verdicts : [])
            .ToDictionary(e => (e.PromptSha256, e.ItemId), e => Task.FromResult(e.Item)));

    private async Task<TaskRunItem> AnswerAsync(IModelGateway models, string prompt, GradedItem item, CancellationToken cancellationToken) =>
        (await TaskRunner.RunAsync(models, task, prompt, [item], temperature: null, cancellationToken).ConfigureAwait(false))[0];
}
