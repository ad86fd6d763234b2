using System.Globalization;
using Microsoft.Extensions.Logging;

namespace PromptForge;

public sealed partial class PromptLoop
{
    /// <summary>The iteration metric counting model-content failures (value: the count; sample size: the iteration's calls).</summary>
    internal const string ContentFailuresMetric = "loop.content_failures";

    private async Task RunCoreAsync(string? initialPrompt, string? resumeRunId, ILoopEventSink sink, CancellationToken cancellationToken)
    {
        var c = _components;
        var logger = c.LoggerFactory.CreateLogger<PromptLoop>();
        var ledger = new UsageLedger();
        TimeSpan elapsedBefore = TimeSpan.Zero;
        LoopState state;
        RunRecorder? recorder = null;

        RunWriterLock? writerLock = null;
        if (resumeRunId is not null)
        {
            var store = c.RunStore ?? throw new InvalidOperationException("Resuming a run needs a run store: call WithRunStore(...).");
            if (!await store.RunExistsAsync(resumeRunId, cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException($"There is no run '{resumeRunId}' in the run store.");
            }

            // One writer per run: taken before anything is read, so two resumes never both pay. Read (and so validate) the
            // manifest and the journal before anything is written: a corrupt file stops the resume with an error naming it.
            writerLock = await AcquireWriterLockAsync(store, resumeRunId, logger, cancellationToken).ConfigureAwait(false);
            try
            {
                (recorder, var checkpoint) = await RunRecorder.OpenAsync(store, resumeRunId, c.TimeProvider, cancellationToken).ConfigureAwait(false);
                state = LoopState.FromCheckpoint(checkpoint);
                ledger.Restore(checkpoint.Usage);
                elapsedBefore = checkpoint.ElapsedWallTime;
            }
            catch
            {
                await writerLock.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        else if (c.RunStore is { } store)
        {
            // The run is created with its config, manifest and initial state at once: resumable from the moment it exists.
            // Not cancellable: it takes no model call, and a half-created run would be the one thing resume cannot continue.
            (recorder, state) = await RunRecorder.CreateRunAsync(store, c.RunId, initialPrompt!, RunConfigurationJson.Create(c), c.TimeProvider, CancellationToken.None).ConfigureAwait(false);
            writerLock = await AcquireWriterLockAsync(store, state.RunId, logger, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            string runId = c.RunId ?? string.Create(CultureInfo.InvariantCulture, $"run-{c.TimeProvider.GetUtcNow():yyyyMMdd-HHmmss}-seed{c.Options.Seed}");
            state = new LoopState(runId, new PromptVersion { Version = 0, Text = initialPrompt!, Status = PromptVersionStatus.Initial });
        }

        // Released when the run ends, however it ends.
        writerLock ??= RunWriterLock.None(state.RunId);
        await using var heldLock = writerLock.ConfigureAwait(false);

        var gateway = new ModelGateway(
            c.Clients,
            new ModelCallSettingsResolver(c.Options.Roles.AsReadOnly(), c.PackageRoleDefaults),
            c.Options.MaxConcurrency,
            c.Options.Budget,
            c.TimeProvider,
            c.LoggerFactory.CreateLogger("PromptForge.ModelGateway"),
            ledger,
            elapsedBefore,
            stopOnProviderFailure: true);

        var events = new LoopEventPublisher(sink, c.TimeProvider, state.RunId);
        events.RunStarted(state.Iteration, recorder?.Location, resumed: resumeRunId is not null);
        LogRunStarted(logger, state.RunId, resumeRunId is not null, state.Iteration);

        // The state as of the last completed (and saved) iteration. A run that stops inside an iteration is reported
        // and saved as of this point, so a resume repeats the interrupted iteration from a consistent state.
        var consistent = state.ToCheckpoint(ledger.Snapshot(), elapsedBefore);
        RunStatus status;
        string? stopReason = null;
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int iteration = state.Iteration + 1;
                if (iteration > c.Options.MaxIterations)
                {
                    break;
                }

                var level = c.Curriculum?.Next(new CurriculumContext { Iteration = iteration, History = state.History, State = state });
                if (level is { IsComplete: true })
                {
                    break;
                }

                // No iteration follows the last: a candidate proposed in it could never be measured by the gate.
                bool isFinalIteration = iteration == c.Options.MaxIterations || level is { IsLast: true };
                gateway.ThrowIfBudgetExhausted();
                using (UsageLedger.BeginIteration(iteration))
                {
                    consistent = await RunIterationAsync(state, iteration, level, isFinalIteration, gateway, recorder, events, logger, cancellationToken).ConfigureAwait(false);
                }
            }

            status = RunStatus.Completed;
        }
        catch (BudgetExhaustedException ex)
        {
            state = LoopState.FromCheckpoint(consistent);
            status = RunStatus.BudgetExhausted;
            stopReason = ex.Reason;
            LogBudgetReached(logger, state.RunId, ex.Reason);
            events.BudgetReached(state.Iteration + 1, ex.Reason);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await SaveFinalStateAsync(recorder, LoopState.FromCheckpoint(consistent), RunStatus.Cancelled, "cancelled", ledger, logger).ConfigureAwait(false);
            throw;
        }
        catch (Exception ex) when (InterruptionReason(ex) is { } reason)
        {
            // A provider-side failure (or too many content failures): the interrupted iteration is discarded and the run
            // is saved as of its last complete iteration, to be resumed once the cause is fixed.
            state = LoopState.FromCheckpoint(consistent);
            status = RunStatus.Interrupted;
            stopReason = reason;
            LogRunInterrupted(logger, state.RunId, state.Iteration + 1, reason);
        }
        catch (Exception ex)
        {
            LogRunFailed(logger, ex, state.RunId);
            await SaveFinalStateAsync(recorder, LoopState.FromCheckpoint(consistent), RunStatus.Failed, ex.Message, ledger, logger).ConfigureAwait(false);
            throw;
        }

        await SaveFinalStateAsync(recorder, state, status, stopReason, ledger, logger).ConfigureAwait(false);
        var best = PromptVersionLedger.SelectBest(state);
        var result = new RunResult
        {
            RunId = state.RunId,
            Status = status,
            BestPrompt = best,
            FinalPrompt = state.CurrentPrompt,
            PromptHistory = state.Prompts,
            MetricHistory = state.History,
            Usage = ledger.Snapshot(),
            Samples = state.AllSamples,
            RunLocation = recorder?.Location,
            StopReason = stopReason,
            WallTime = gateway.Elapsed,
        };
        LogRunCompleted(logger, state.RunId, status, best.Version, state.Iteration);
        events.RunCompleted(state.Iteration, result);
    }

    private async Task<LoopCheckpoint> RunIterationAsync(
        LoopState state,
        int iteration,
        DifficultyStep? level,
        bool isFinalIteration,
        ModelGateway gateway,
        RunRecorder? recorder,
        LoopEventPublisher events,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var c = _components;
        var versions = CreateLedger(state);
        var prompt = versions.InForce;
        var services = new IterationServices
        {
            State = state,
            Iteration = iteration,
            Models = gateway,
            Embeddings = c.Embeddings,
            TimeProvider = c.TimeProvider,
            LoggerFactory = c.LoggerFactory,
            Events = events.Sink,
            Seed = c.Options.Seed,
            Phase = level?.Phase ?? IterationPhase.Exploration,
        };
        LogIterationStarted(logger, state.RunId, iteration, prompt.Version, level?.Level);
        events.IterationStarted(iteration, prompt.Version, level);

        // Generate.
        var generation = await c.Generator.GenerateAsync(new GenerationContext(services, prompt, level, c.Options.SamplesPerIteration), cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Generator {c.Generator.GetType().Name} returned no result.");
        ValidateSampleIds(state, generation);
        ApplyStateUpdates(state, generation.StateUpdates);
        events.SamplesGenerated(iteration, generation);

        // Critique, stage by stage; critics of a stage run concurrently.
        var critiques = await RunCriticsAsync(services, prompt, generation.Samples, events, logger, cancellationToken).ConfigureAwait(false);
        foreach (var critique in critiques)
        {
            ApplyStateUpdates(state, critique.StateUpdates);
            foreach (var (version, versionScore) in critique.PromptScores)
            {
                state.ScorePrompt(version, versionScore);
            }
        }

        var metrics = MergeMetrics(critiques);
        var measured = CreateRecord(iteration, prompt.Version, level, generation, metrics, critiques, objective: null, gateDecision: null, PromptUpdate.NoChange(), prompt.Version, new UsageTotals());

        // Nothing is accepted or scored on a partial measurement: a critic that could not measure, or an input metric of
        // the objective that was not measured, makes the gate abstain and leaves the version unscored.
        string? measurementGap = MeasurementGap.Find(measured, c.Objective);
        double? objective = measurementGap is null ? c.Objective?.Score(measured) : null;
        var gate = versions.Measure(measured, objective, measurementGap, c.Gate);
        switch (gate.Kind)
        {
            case GateOutcomeKind.Abstained:
                LogGateAbstained(logger, state.RunId, prompt.Version, gate.Reason!);
                break;
            case GateOutcomeKind.Rejected:
                LogCandidateRolledBack(logger, state.RunId, prompt.Version, gate.Reason!);
                break;
        }

        events.GateOutcome(iteration, gate);

        // Update. A candidate on trial whose measurement was partial is measured again; no rewrite goes on top of it.
        PromptUpdate update;
        if (gate.Kind == GateOutcomeKind.Abstained)
        {
            update = PromptUpdate.NoChange($"the acceptance gate abstained; candidate v{prompt.Version} is measured again next iteration");
        }
        else
        {
            var proposed = await UpdatePromptAsync(services, generation.Samples, critiques, metrics, gate.Rejection, isFinalIteration, logger, cancellationToken).ConfigureAwait(false);
            ApplyStateUpdates(state, proposed.StateUpdates);
            update = PromptVersionLedger.Admit(proposed, isFinalIteration);
        }

        var (proposals, recorded) = versions.Adopt(iteration, update);
        events.VersionsRecorded(iteration, recorded);
        foreach (var (name, value) in update.Metrics)
        {
            metrics[metrics.ContainsKey(name) ? "updater." + name : name] = value;
        }

        // Content failures (refusals, malformed output after repair) were tolerated as rejected samples or critic errors;
        // above the configured share the iteration's measurements rest on too little, so the run stops resumably.
        var (calls, contentFailures) = gateway.CallsForIteration(iteration);
        if (contentFailures > 0)
        {
            metrics[ContentFailuresMetric] = MetricValue.Measured(contentFailures, calls);
        }

        if (calls > 0 && contentFailures > c.Options.MaxContentFailureShare * calls)
        {
            throw new RunInterruptedException(string.Create(
                CultureInfo.InvariantCulture,
                $"{contentFailures} of {calls} model calls in iteration {iteration} ended in a content failure (a refusal or malformed output after repair), above the limit of {c.Options.MaxContentFailureShare:P0}"));
        }

        var record = CreateRecord(
            iteration, prompt.Version, level, generation, metrics, critiques, objective, gate.Decision, update, state.CurrentVersion, gateway.Usage.ForIteration(iteration), contentFailures, calls);

        // Persist in an order that keeps every crash point resumable: the iteration's artifacts, then one journal line
        // (the commit, the iteration's only flush to disk) that declares the iteration complete.
        SortedDictionary<string, string>? files = null;
        if (recorder is not null)
        {
            files = await recorder.WriteIterationAsync(record, prompt, generation, proposals, cancellationToken).ConfigureAwait(false);
        }

        state.CompleteIteration(record, generation.Samples);
        var checkpoint = state.ToCheckpoint(gateway.Usage.Snapshot(), gateway.Elapsed);
        if (recorder is not null)
        {
            await recorder.CommitIterationAsync(state, record, files!, checkpoint.Usage, checkpoint.ElapsedWallTime, cancellationToken).ConfigureAwait(false);
        }

        LogIterationCompleted(logger, state.RunId, iteration, record.Decision, objective);
        events.IterationCompleted(iteration, record, gateway.Usage.Total());
        return checkpoint;
    }

    private async Task<List<Critique>> RunCriticsAsync(
        IterationServices services,
        PromptVersion prompt,
        IReadOnlyList<Sample> samples,
        LoopEventPublisher events,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var c = _components;
        var byCritic = new Dictionary<ICritic, Critique>();
        foreach (var stage in c.Critics.GroupBy(critic => critic.Stage).OrderBy(g => g.Key))
        {
            var prior = c.Critics.Where(byCritic.ContainsKey).Select(critic => byCritic[critic]).ToList();
            var tasks = stage.Select(critic => RunCriticAsync(critic, new CritiqueContext(services, critic.Name, prompt, samples, prior))).ToList();
            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            foreach (var (critic, critique) in stage.Zip(results))
            {
                byCritic[critic] = critique;
                events.CritiqueCompleted(services.Iteration, critique);
            }
        }

        return c.Critics.Select(critic => byCritic[critic]).ToList();

        async Task<Critique> RunCriticAsync(ICritic critic, CritiqueContext context)
        {
            try
            {
                var critique = await critic.CritiqueAsync(context, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("the critic returned no critique");
                return ValidateCritique(critic, critique, services.State);
            }
            catch (Exception ex) when (ex is not BudgetExhaustedException
                && !ModelFailureClassifier.IsProviderFailure(ex)
                && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A critic that fails (a malformed reply, a bug) costs its measurements for this iteration, and the gate
                // abstains; a provider failure propagates and stops the run instead.
                LogCriticFailed(logger, ex, services.State.RunId, services.Iteration, critic.Name);
                var names = critic is CriticBase known ? known.MetricNames : [];
                return Critique.CreateFailed(critic.Name, $"{ex.GetType().Name}: {ex.Message}", names);
            }
        }
    }

    private async Task<PromptUpdate> UpdatePromptAsync(
        IterationServices services,
        IReadOnlyList<Sample> samples,
        IReadOnlyList<Critique> critiques,
        IReadOnlyDictionary<string, MetricValue> metrics,
        PromptRejection? rejection,
        bool isFinalIteration,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var c = _components;
        if (c.Updater is null)
        {
            return PromptUpdate.NoChange("no prompt updater configured");
        }

        PromptUpdate update;
        try
        {
            var context = new PromptUpdateContext(services, services.State.CurrentPrompt, samples, critiques, metrics)
            {
                LastRejection = rejection,
                IsFinalIteration = isFinalIteration,
            };
            update = await c.Updater.UpdateAsync(context, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the updater returned no update");
        }
        catch (Exception ex) when (ex is not BudgetExhaustedException
            && !ModelFailureClassifier.IsProviderFailure(ex)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogUpdaterFailed(logger, ex, services.State.RunId, services.Iteration);
            return new PromptUpdate { Decision = PromptUpdateDecision.NoChange, RoundFailed = true, Reason = $"updater failed: {ex.GetType().Name}: {ex.Message}" };
        }

        if (update.Decision != PromptUpdateDecision.NoChange && string.IsNullOrWhiteSpace(update.NewText))
        {
            return new PromptUpdate
            {
                Decision = PromptUpdateDecision.NoChange,
                RoundFailed = true,
                Reason = $"the updater decided {update.Decision} but gave no prompt text",
                Proposals = update.Proposals,
                Metrics = update.Metrics,
                StateUpdates = update.StateUpdates,
            };
        }

        return update;
    }

    private PromptVersionLedger CreateLedger(LoopState state) =>
        new(state, record => MeasurementGap.Find(record, _components.Objective) is null);

    private static async Task<RunWriterLock> AcquireWriterLockAsync(IRunStore store, string runId, ILogger logger, CancellationToken cancellationToken)
    {
        var writerLock = await store.AcquireWriterLockAsync(runId, cancellationToken).ConfigureAwait(false);
        if (writerLock.TakenOverFrom is { } stale)
        {
            LogStaleLockTakenOver(logger, runId, stale);
        }

        return writerLock;
    }

    private static async Task SaveFinalStateAsync(RunRecorder? recorder, LoopState state, RunStatus status, string? reason, UsageLedger ledger, ILogger logger)
    {
        if (recorder is null)
        {
            return;
        }

        try
        {
            // Saved without the run's token: a cancelled run must still leave a manifest that says so.
            await recorder.WriteManifestAsync(state, status, reason, ledger.Snapshot(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (status is RunStatus.Failed or RunStatus.Cancelled)
        {
            // Never mask the error that stopped the run; the last checkpoint still allows a resume.
            LogManifestNotSaved(logger, ex, state.RunId);
        }
    }

    private static IterationRecord CreateRecord(
        int iteration,
        int promptVersion,
        DifficultyStep? level,
        GenerationResult generation,
        IReadOnlyDictionary<string, MetricValue> metrics,
        IReadOnlyList<Critique> critiques,
        double? objective,
        string? gateDecision,
        PromptUpdate update,
        int nextVersion,
        UsageTotals usage,
        int contentFailures = 0,
        int modelCalls = 0) => new()
        {
            Iteration = iteration,
            PromptVersion = promptVersion,
            Level = level,
            SampleCount = generation.Samples.Count,
            RejectedSampleCount = generation.Rejected.Count,
            LevelSkipped = generation.LevelSkipped,
            Metrics = new SortedDictionary<string, MetricValue>(metrics.ToDictionary(kv => kv.Key, kv => kv.Value), StringComparer.Ordinal),
            Critiques = critiques,
            Objective = objective,
            GateDecision = gateDecision,
            Decision = update.Decision,
            RoundFailed = update.RoundFailed,
            UpdateReason = update.Reason,
            NextPromptVersion = nextVersion,
            Usage = usage,
            ContentFailureCount = contentFailures,
            ModelCallCount = modelCalls,
        };

    /// <summary>The stop reason when <paramref name="exception"/> interrupts the run, or <see langword="null"/>.</summary>
    private static string? InterruptionReason(Exception exception)
    {
        if (exception is RunInterruptedException interrupted)
        {
            return interrupted.Message;
        }

        var kind = ModelFailureClassifier.Classify(exception);
        return ModelFailureClassifier.IsProviderFailure(kind)
            ? $"{ModelFailureClassifier.Describe(kind)}: {exception.Message}"
            : null;
    }

    private static Dictionary<string, MetricValue> MergeMetrics(IReadOnlyList<Critique> critiques)
    {
        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        foreach (var critique in critiques)
        {
            foreach (var (name, value) in critique.Metrics)
            {
                // Metric names are meant to be unique; a collision keeps both, the later prefixed by its critic.
                metrics[metrics.ContainsKey(name) ? $"{critique.CriticName}.{name}" : name] = value;
            }
        }

        return metrics;
    }

    /// <summary>The critique when it is the critic's own and well formed; a violation fails the critic, not the run.</summary>
    private static Critique ValidateCritique(ICritic critic, Critique critique, LoopState state)
    {
        if (!string.Equals(critique.CriticName, critic.Name, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the critique names critic '{critique.CriticName}' instead of '{critic.Name}'");
        }

        // Details and a typed result are saved in the same place; a critique sets one of them.
        if (critique.SetsDetailsAndResult)
        {
            throw new InvalidOperationException("the critique sets both Details and a typed Result; set one");
        }

        var versions = state.Prompts.Select(p => p.Version).ToHashSet();
        foreach (var (version, score) in critique.PromptScores)
        {
            if (!versions.Contains(version) || !double.IsFinite(score))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the critique scores prompt v{version} as {score}; scores must be finite and name an existing version"));
            }
        }

        return critique;
    }

    private static void ApplyStateUpdates(LoopState state, IReadOnlyList<Artifact> updates)
    {
        foreach (var update in updates)
        {
            state.SetValue(update);
        }
    }

    private static void ValidateSampleIds(LoopState state, GenerationResult generation)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in generation.Samples.Concat(generation.Rejected))
        {
            if (string.IsNullOrWhiteSpace(sample.Id) || !seen.Add(sample.Id) || state.ContainsSampleId(sample.Id))
            {
                throw new InvalidOperationException(
                    $"The generator returned sample id '{sample.Id}' more than once or reused an earlier id; ids must be unique within a run (use SampleIds.Create).");
            }
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Run {RunId} started (resumed: {Resumed}, completed iterations: {Completed}).")]
    private static partial void LogRunStarted(ILogger logger, string runId, bool resumed, int completed);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Run {RunId} iteration {Iteration} started with prompt v{Version} (level {Level}).")]
    private static partial void LogIterationStarted(ILogger logger, string runId, int iteration, int version, int? level);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Run {RunId} iteration {Iteration} completed: {Decision}, objective {Objective}.")]
    private static partial void LogIterationCompleted(ILogger logger, string runId, int iteration, PromptUpdateDecision decision, double? objective);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Run {RunId} iteration {Iteration}: critic {Critic} failed; its metrics are not measured this iteration.")]
    private static partial void LogCriticFailed(ILogger logger, Exception exception, string runId, int iteration, string critic);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Run {RunId} iteration {Iteration}: the prompt updater failed; the prompt is kept.")]
    private static partial void LogUpdaterFailed(ILogger logger, Exception exception, string runId, int iteration);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Run {RunId}: candidate prompt v{Version} rolled back: {Reason}")]
    private static partial void LogCandidateRolledBack(ILogger logger, string runId, int version, string reason);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "Run {RunId} stopped: {Reason}. The best prompt so far is kept.")]
    private static partial void LogBudgetReached(ILogger logger, string runId, string reason);

    [LoggerMessage(EventId = 8, Level = LogLevel.Error, Message = "Run {RunId} failed; its state is saved and it can be resumed.")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Run {RunId} interrupted in iteration {Iteration}: {Reason}. The iteration was discarded; the run is saved as of its last complete iteration and can be resumed.")]
    private static partial void LogRunInterrupted(ILogger logger, string runId, int iteration, string reason);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "Run {RunId}: the acceptance gate abstained on candidate v{Version}: {Reason}")]
    private static partial void LogGateAbstained(ILogger logger, string runId, int version, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Run {RunId}: the final manifest could not be saved; the last checkpoint is intact.")]
    private static partial void LogManifestNotSaved(ILogger logger, Exception exception, string runId);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning, Message = "Run {RunId}: took over the writer lock left by {StaleHolder}, which no longer runs.")]
    private static partial void LogStaleLockTakenOver(ILogger logger, string runId, string staleHolder);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Run {RunId} ended with status {Status}; best prompt v{Best} after {Iterations} iterations.")]
    private static partial void LogRunCompleted(ILogger logger, string runId, RunStatus status, int best, int iterations);
}
