using System.Collections.Concurrent;

namespace PromptForge.Sipdo;

/// <summary>
/// Evaluates prompts on a task's held-out real split with the task model (temperature from
/// <see cref="SipdoOptions.TaskTemperature"/>, 0 by default): accuracy with a 95% Wilson interval, per-label accuracy,
/// extracted answers and raw outputs. Calls go through the gateway concurrently. Each distinct prompt text is run once
/// per evaluator (a comparison where p* equals the initial prompt costs one run); wrap the chat client with
/// <c>WithResponseCache</c> to also cache across processes. Given a run store, every graded item is saved in the run as
/// it finishes, so an interrupted evaluation continues where it stopped without paying an item twice.
/// </summary>
public sealed class SipdoEvaluator
{
    private readonly IModelGateway _models;
    private readonly TaskDefinition _task;
    private readonly SipdoOptions _options;
    private readonly ConcurrentDictionary<string, Lazy<Task<(TaskRunItem Item, bool Simulated)[]>>> _runs = new(StringComparer.Ordinal);
    private readonly HeldOutJournal? _journal;

    /// <summary>Initializes a new instance of the <see cref="SipdoEvaluator"/> class.</summary>
    /// <param name="models">The model gateway (for example from <see cref="ModelGatewayChatClientExtensions.AsModelGateway"/>).</param>
    /// <param name="task">The task; its <see cref="TaskDefinition.HeldOut"/> split is used.</param>
    /// <param name="options">SIPDO options (task temperature and baseline templates); defaults when <see langword="null"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="models"/> or <paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="task"/> has no held-out split.</exception>
    public SipdoEvaluator(IModelGateway models, TaskDefinition task, SipdoOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(task);
        if (task.HeldOut.Count == 0)
        {
            throw new ArgumentException($"The task '{task.Name}' has no held-out split: call SplitHeldOut(...) first. Never evaluate on the examples the loop saw.", nameof(task));
        }

        _models = models;
        _task = task;
        _options = options ?? new SipdoOptions();
    }

    /// <summary>
    /// Initializes a new instance of the <see cref="SipdoEvaluator"/> class that saves every graded item in a run
    /// (<c>evaluation/held_out.jsonl</c>) and reuses the items saved there for the same prompt text.
    /// </summary>
    /// <param name="models">The model gateway.</param>
    /// <param name="task">The task; its <see cref="TaskDefinition.HeldOut"/> split is used.</param>
    /// <param name="options">SIPDO options; defaults when <see langword="null"/>.</param>
    /// <param name="runStore">The store of the run the evaluation belongs to.</param>
    /// <param name="runId">The run id (the run must exist).</param>
    /// <exception cref="ArgumentNullException"><paramref name="models"/>, <paramref name="task"/> or <paramref name="runStore"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="task"/> has no held-out split, or <paramref name="runId"/> is invalid.</exception>
    public SipdoEvaluator(IModelGateway models, TaskDefinition task, SipdoOptions? options, IRunStore runStore, string runId)
        : this(models, task, options)
    {
        ArgumentNullException.ThrowIfNull(runStore);
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        _journal = new HeldOutJournal(runStore, runId);
    }

    /// <summary>Gets the zero-shot baseline prompt: the task description and the output format.</summary>
    public string ZeroShotPrompt => Baseline(_options.Templates.ZeroShotBaseline);

    /// <summary>Gets the chain-of-thought baseline prompt: the zero-shot prompt plus "Let's think step by step".</summary>
    public string ChainOfThoughtPrompt => Baseline(_options.Templates.ChainOfThoughtBaseline);

    /// <summary>Evaluates one prompt on the held-out split.</summary>
    /// <param name="name">A name for the prompt in reports.</param>
    /// <param name="prompt">The prompt text (sent as the system message; each example's input is the user message).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The evaluation.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> or <paramref name="prompt"/> is null, empty or white space.</exception>
    public async Task<PromptEvaluation> EvaluateAsync(string name, string prompt, CancellationToken cancellationToken = default)
    {
        var (evaluation, _) = await EvaluateCoreAsync(name, prompt, cancellationToken).ConfigureAwait(false);
        return evaluation;
    }

    /// <summary>Evaluates several prompts on the same held-out split.</summary>
    /// <param name="prompts">Name and text of each prompt, in report order; names must be unique.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The comparison; <see cref="PromptComparison.Simulated"/> tells whether the offline simulator answered.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="prompts"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="prompts"/> is empty or repeats a name.</exception>
    public async Task<PromptComparison> CompareAsync(IEnumerable<KeyValuePair<string, string>> prompts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        var list = prompts.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("At least one prompt is required.", nameof(prompts));
        }

        if (list.GroupBy(p => p.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } duplicate)
        {
            throw new ArgumentException($"The prompt name '{duplicate.Key}' is used twice.", nameof(prompts));
        }

        var results = await Task.WhenAll(list.Select(p => EvaluateCoreAsync(p.Key, p.Value, cancellationToken))).ConfigureAwait(false);
        if (_journal is not null)
        {
            await _journal.CanonicalizeAsync(cancellationToken).ConfigureAwait(false);
        }

        return new PromptComparison
        {
            Task = _task.Name,
            HeldOutCount = _task.HeldOut.Count,
            Simulated = results.Any(r => r.Simulated),
            Evaluations = results.Select(r => r.Evaluation).ToList(),
        };
    }

    /// <summary>Compares an optimized prompt with the initial prompt and the zero-shot and chain-of-thought baselines.</summary>
    /// <param name="optimizedPrompt">The optimized prompt (for example p*, <see cref="RunResult.BestPrompt"/>).</param>
    /// <param name="initialPrompt">The prompt the loop started from.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The comparison, in the order optimized, initial, zero_shot, chain_of_thought.</returns>
    /// <exception cref="ArgumentException"><paramref name="optimizedPrompt"/> or <paramref name="initialPrompt"/> is null, empty or white space.</exception>
    public Task<PromptComparison> CompareWithBaselinesAsync(string optimizedPrompt, string initialPrompt, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(optimizedPrompt);
        ArgumentException.ThrowIfNullOrWhiteSpace(initialPrompt);
        return CompareAsync(
            [
                new("optimized", optimizedPrompt),
                new("initial", initialPrompt),
                new("zero_shot", ZeroShotPrompt),
                new("chain_of_thought", ChainOfThoughtPrompt),
            ],
            cancellationToken);
    }

    private async Task<(PromptEvaluation Evaluation, bool Simulated)> EvaluateCoreAsync(string name, string prompt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(prompt);
        var runs = await RunOnceAsync(prompt, cancellationToken).ConfigureAwait(false);
        var results = runs.Select(r => ToEvaluatedItem(r.Item, r.Simulated)).ToList();
        var perLabel = results
            .GroupBy(r => r.Expected, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => ProportionInterval.Wilson(g.Count(r => r.Correct), g.Count()), StringComparer.Ordinal);
        var evaluation = new PromptEvaluation
        {
            Name = name,
            Prompt = prompt,
            Accuracy = ProportionInterval.Wilson(results.Count(r => r.Correct), results.Count),
            PerLabel = perLabel,
            Unparseable = results.Count(r => r.Extracted is null),
            Items = results,
        };
        return (evaluation, runs.Any(r => r.Simulated));
    }

    // The run folder's wire record stays internal; callers get the read model.
    private static EvaluatedItem ToEvaluatedItem(TaskRunItem item, bool simulated) => new()
    {
        SampleId = item.SampleId,
        Expected = item.Expected,
        Extracted = item.Extracted,
        Correct = item.Correct,
        Reason = item.Reason,
        Output = item.Output,
        Simulated = simulated,
    };

    /// <summary>Runs a prompt on the held-out split once; a failed or cancelled run is forgotten so a later call retries it.</summary>
    private async Task<(TaskRunItem Item, bool Simulated)[]> RunOnceAsync(string prompt, CancellationToken cancellationToken)
    {
        var items = _task.HeldOut.Select(GradedItem.FromExample).ToList();
        var run = _runs.GetOrAdd(prompt, p => new Lazy<Task<(TaskRunItem Item, bool Simulated)[]>>(
            () => _journal is null
                ? TaskRunner.RunWithProvenanceAsync(_models, _task, p, items, _options.TaskTemperature, cancellationToken)
                : RunJournaledAsync(p, items, cancellationToken)));
        try
        {
            return await run.Value.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Another caller started this run and cancelled it: run it again under this caller's token.
            _runs.TryRemove(KeyValuePair.Create(prompt, run));
            return await RunOnceAsync(prompt, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _runs.TryRemove(KeyValuePair.Create(prompt, run));
            throw;
        }
    }

    /// <summary>Runs the items not yet in the run's journal, appending each as it is graded; the result keeps the split's order.</summary>
    private async Task<(TaskRunItem Item, bool Simulated)[]> RunJournaledAsync(string prompt, IReadOnlyList<GradedItem> items, CancellationToken cancellationToken)
    {
        string key = HeldOutJournal.PromptKey(prompt);
        var runs = items.Select(async (item, index) =>
        {
            if (await _journal!.FindAsync(key, index, item.Id, cancellationToken).ConfigureAwait(false) is { } saved)
            {
                return (saved.Item, saved.Simulated);
            }

            var (result, simulated) = (await TaskRunner.RunWithProvenanceAsync(_models, _task, prompt, [item], _options.TaskTemperature, cancellationToken).ConfigureAwait(false))[0];
            await _journal.AppendAsync(new HeldOutJournalEntry(key, index, result, simulated), cancellationToken).ConfigureAwait(false);
            return (result, simulated);
        });
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    // The baselines ARE task prompts (instructions to the task model), so the task description enters them as text.
    private string Baseline(string template) => PromptTemplate.Render(template, new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["task_description"] = _task.Description,
        ["output_format"] = _task.AnswerFormat.OutputInstruction,
    }).Trim();
}
