using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            (recorder, state) = await RunRecorder.CreateRunAsync(store, c.RunId, initialPrompt!, CreateRunConfiguration(), c.TimeProvider, CancellationToken.None).ConfigureAwait(false);
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

        sink.Publish(new RunStartedEvent
        {
            RunId = state.RunId,
            Iteration = state.Iteration,
            Timestamp = c.TimeProvider.GetUtcNow(),
            RunLocation = recorder?.Location,
            Resumed = resumeRunId is not null,
        });
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

                gateway.ThrowIfBudgetExhausted();
                using (UsageLedger.BeginIteration(iteration))
                {
                    consistent = await RunIterationAsync(state, iteration, level, gateway, recorder, sink, logger, cancellationToken).ConfigureAwait(false);
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
            sink.Publish(new BudgetReachedEvent { RunId = state.RunId, Iteration = state.Iteration + 1, Timestamp = c.TimeProvider.GetUtcNow(), Reason = ex.Reason });
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
        var best = state.SelectBest();
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
        sink.Publish(new RunCompletedEvent { RunId = state.RunId, Iteration = state.Iteration, Timestamp = c.TimeProvider.GetUtcNow(), Result = result });
    }

    private async Task<LoopCheckpoint> RunIterationAsync(
        LoopState state,
        int iteration,
        DifficultyStep? level,
        ModelGateway gateway,
        RunRecorder? recorder,
        ILoopEventSink sink,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var c = _components;
        var prompt = state.CurrentPrompt;
        LogIterationStarted(logger, state.RunId, iteration, prompt.Version, level?.Level);
        sink.Publish(new IterationStartedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), PromptVersion = prompt.Version, Level = level });

        // Generate.
        var generation = await c.Generator.GenerateAsync(
            new GenerationContext
            {
                State = state,
                Iteration = iteration,
                Phase = level?.Phase ?? IterationPhase.Exploration,
                Models = gateway,
                Embeddings = c.Embeddings,
                Random = CreateRandom(iteration, "generator"),
                TimeProvider = c.TimeProvider,
                LoggerFactory = c.LoggerFactory,
                Events = sink,
                Prompt = prompt,
                Level = level,
                SampleCount = c.Options.SamplesPerIteration,
            },
            cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"Generator {c.Generator.GetType().Name} returned no result.");
        ValidateSampleIds(state, generation);
        ApplyStateUpdates(state, generation.StateUpdates);
        sink.Publish(new SamplesGeneratedEvent
        {
            RunId = state.RunId,
            Iteration = iteration,
            Timestamp = c.TimeProvider.GetUtcNow(),
            Samples = generation.Samples,
            RejectedCount = generation.Rejected.Count,
            LevelSkipped = generation.LevelSkipped,
            Note = generation.Note,
        });

        // Critique, stage by stage; critics of a stage run concurrently.
        var phase = level?.Phase ?? IterationPhase.Exploration;
        var critiques = await RunCriticsAsync(state, iteration, phase, prompt, generation.Samples, gateway, sink, logger, cancellationToken).ConfigureAwait(false);
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
        double? objective = c.Objective?.Score(measured);

        // Nothing is accepted or scored on a partial measurement: a critic that could not measure, or an input metric of
        // the objective that was not measured, makes the gate abstain and leaves the version unscored.
        var candidateBaseline = prompt.Status == PromptVersionStatus.Candidate
            ? state.History.FirstOrDefault(h => h.Iteration == state.PendingBaselineIteration)
            : null;
        string? measurementGap = MeasurementGap(measured, c.Objective);
        if (measurementGap is not null)
        {
            objective = null;
        }

        // Gate a candidate adopted on trial last iteration.
        string? gateDecision = null;
        PromptRejection? rejection = null;
        bool abstained = false;
        if (prompt.Status == PromptVersionStatus.Candidate && measurementGap is not null)
        {
            // The candidate stays on trial against the same baseline and is measured again next iteration; no rewrite is
            // proposed on top of a prompt that is neither accepted nor rejected.
            abstained = true;
            gateDecision = $"abstained: {measurementGap}; candidate v{prompt.Version} stays on trial and is measured again next iteration";
            LogGateAbstained(logger, state.RunId, prompt.Version, measurementGap);
        }
        else if (prompt.Status == PromptVersionStatus.Candidate)
        {
            var baseline = candidateBaseline;
            var decision = c.Gate is null || baseline is null
                ? GateDecision.Accept("no acceptance gate configured")
                : c.Gate.Evaluate(measured, baseline);
            gateDecision = (decision.Accepted ? "accepted: " : "rejected: ") + decision.Reason;
            state.PendingBaselineIteration = null;
            if (decision.Accepted)
            {
                prompt.Status = PromptVersionStatus.Accepted;
                prompt.StatusReason = decision.Reason;
                sink.Publish(new PromptAcceptedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Prompt = prompt.Clone(), Reason = decision.Reason });
            }
            else
            {
                prompt.Status = PromptVersionStatus.Rejected;
                prompt.StatusReason = decision.Reason;
                state.CurrentVersion = prompt.ParentVersion ?? 0;
                rejection = new PromptRejection { Candidate = prompt.Clone(), Reason = decision.Reason, CandidateIteration = measured, BaselineIteration = baseline! };
                LogCandidateRolledBack(logger, state.RunId, prompt.Version, decision.Reason);
                sink.Publish(new PromptRejectedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Prompt = prompt.Clone(), Reason = decision.Reason });
            }
        }

        if (objective is { } score && double.IsFinite(score))
        {
            state.ScorePrompt(prompt.Version, score);
        }

        // Update.
        var update = abstained
            ? PromptUpdate.NoChange($"the acceptance gate abstained; candidate v{prompt.Version} is measured again next iteration")
            : await UpdatePromptAsync(state, iteration, phase, generation.Samples, critiques, metrics, rejection, gateway, sink, logger, cancellationToken).ConfigureAwait(false);
        var proposals = ApplyUpdate(state, iteration, update, sink);
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
            iteration, prompt.Version, level, generation, metrics, critiques, objective, gateDecision, update, state.CurrentVersion, gateway.Usage.ForIteration(iteration), contentFailures, calls);

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
        sink.Publish(new IterationCompletedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Record = record, RunUsage = gateway.Usage.Total() });
        return checkpoint;
    }

    private async Task<List<Critique>> RunCriticsAsync(
        LoopState state,
        int iteration,
        IterationPhase phase,
        PromptVersion prompt,
        IReadOnlyList<Sample> samples,
        ModelGateway gateway,
        ILoopEventSink sink,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var c = _components;
        var byCritic = new Dictionary<ICritic, Critique>();
        foreach (var stage in c.Critics.GroupBy(critic => critic.Stage).OrderBy(g => g.Key))
        {
            var prior = c.Critics.Where(byCritic.ContainsKey).Select(critic => byCritic[critic]).ToList();
            var tasks = stage.Select(critic => RunCriticAsync(critic, new CritiqueContext
            {
                State = state,
                Iteration = iteration,
                Phase = phase,
                Models = gateway,
                Embeddings = c.Embeddings,
                Random = CreateRandom(iteration, "critic:" + critic.Name),
                TimeProvider = c.TimeProvider,
                LoggerFactory = c.LoggerFactory,
                Events = sink,
                Prompt = prompt,
                Samples = samples,
                PriorCritiques = prior,
            })).ToList();
            var results = await Task.WhenAll(tasks).ConfigureAwait(false);
            foreach (var (critic, critique) in stage.Zip(results))
            {
                byCritic[critic] = critique;
                sink.Publish(new CritiqueCompletedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Critique = critique });
            }
        }

        return c.Critics.Select(critic => byCritic[critic]).ToList();

        async Task<Critique> RunCriticAsync(ICritic critic, CritiqueContext context)
        {
            try
            {
                var critique = await critic.CritiqueAsync(context, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("the critic returned no critique");
                return ValidateCritique(critic, critique, state);
            }
            catch (Exception ex) when (ex is not BudgetExhaustedException
                && !ModelFailureClassifier.IsProviderFailure(ex)
                && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                // A critic that fails (a malformed reply, a bug) costs its measurements for this iteration, and the gate
                // abstains; a provider failure propagates and stops the run instead.
                LogCriticFailed(logger, ex, state.RunId, iteration, critic.Name);
                var names = critic is CriticBase known ? known.MetricNames : [];
                return Critique.CreateFailed(critic.Name, $"{ex.GetType().Name}: {ex.Message}", names);
            }
        }
    }

    private async Task<PromptUpdate> UpdatePromptAsync(
        LoopState state,
        int iteration,
        IterationPhase phase,
        IReadOnlyList<Sample> samples,
        IReadOnlyList<Critique> critiques,
        IReadOnlyDictionary<string, MetricValue> metrics,
        PromptRejection? rejection,
        ModelGateway gateway,
        ILoopEventSink sink,
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
            update = await c.Updater.UpdateAsync(
                new PromptUpdateContext
                {
                    State = state,
                    Iteration = iteration,
                    Phase = phase,
                    Models = gateway,
                    Embeddings = c.Embeddings,
                    Random = CreateRandom(iteration, "updater"),
                    TimeProvider = c.TimeProvider,
                    LoggerFactory = c.LoggerFactory,
                    Events = sink,
                    Current = state.CurrentPrompt,
                    Samples = samples,
                    Critiques = critiques,
                    History = state.History,
                    LastRejection = rejection,
                    Metrics = metrics,
                },
                cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("the updater returned no update");
        }
        catch (Exception ex) when (ex is not BudgetExhaustedException
            && !ModelFailureClassifier.IsProviderFailure(ex)
            && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogUpdaterFailed(logger, ex, state.RunId, iteration);
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
            };
        }

        return update;
    }

    private List<PromptProposal> ApplyUpdate(LoopState state, int iteration, PromptUpdate update, ILoopEventSink sink)
    {
        var c = _components;
        var proposals = update.Proposals.ToList();
        if (proposals.Count == 0 && update.Decision != PromptUpdateDecision.NoChange)
        {
            proposals.Add(new PromptProposal
            {
                Text = update.NewText!,
                Motivation = update.Motivation,
                Status = update.Decision == PromptUpdateDecision.Accepted ? PromptVersionStatus.Accepted : PromptVersionStatus.Candidate,
            });
        }

        // The adopted rewrite is the last proposal when the decision adopts one; the others were tried and rejected.
        int adoptedIndex = update.Decision == PromptUpdateDecision.NoChange ? -1 : proposals.Count - 1;
        int parent = state.CurrentVersion;
        for (int i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            var status = i == adoptedIndex
                ? (update.Decision == PromptUpdateDecision.Accepted ? PromptVersionStatus.Accepted : PromptVersionStatus.Candidate)
                : PromptVersionStatus.Rejected;
            string text = i == adoptedIndex ? update.NewText! : proposal.Text;
            var version = state.AddVersion(text, parent, proposal.Motivation ?? update.Motivation, iteration, status, proposal.Reason);
            sink.Publish(new PromptProposedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Prompt = version.Clone() });
            if (status == PromptVersionStatus.Rejected)
            {
                sink.Publish(new PromptRejectedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Prompt = version.Clone(), Reason = proposal.Reason ?? "not confirmed" });
            }
            else
            {
                state.CurrentVersion = version.Version;
                if (status == PromptVersionStatus.Candidate)
                {
                    state.PendingBaselineIteration = iteration;
                }
                else
                {
                    sink.Publish(new PromptAcceptedEvent { RunId = state.RunId, Iteration = iteration, Timestamp = c.TimeProvider.GetUtcNow(), Prompt = version.Clone(), Reason = proposal.Reason });
                }
            }

            parent = version.Version;
        }

        return proposals;
    }

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

    /// <summary>
    /// Why <paramref name="measured"/> is a partial measurement, or <see langword="null"/> when it is complete: a critic
    /// failed and left a metric unmeasured, or an input metric of the objective was not measured.
    /// </summary>
    private static string? MeasurementGap(IterationRecord measured, IPromptObjective? objective)
    {
        var problems = new List<string>();

        // A critic that reports an error but still measured every metric it reports (a model summary on top of computed
        // metrics) did measure; one whose error left a metric unmeasured did not.
        var failed = measured.Critiques.Where(critique => critique.Failed && (critique.Metrics.Count == 0 || critique.Metrics.Values.Any(m => !m.IsMeasured))).ToList();
        if (failed.Count > 0)
        {
            problems.Add("critic " + string.Join(", ", failed.Select(critique => $"{critique.CriticName} could not measure ({Shorten(critique.Error!)})")));
        }

        var missing = (objective?.InputMetrics ?? [])
            .Where(name => measured.Metrics.TryGetValue(name, out var value) && !value.IsMeasured)
            .Select(name => $"{name} not measured ({measured.Metrics[name].NotMeasuredReason})")
            .ToList();
        if (missing.Count > 0)
        {
            problems.Add("objective input " + string.Join(", ", missing));
        }

        return problems.Count == 0 ? null : string.Join("; ", problems);

        static string Shorten(string text) => text.Length <= 160 ? text : text[..160] + "…";
    }

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

    private Random CreateRandom(int iteration, string component) =>
        new(StableHash.Combine(_components.Options.Seed, iteration, component));

    private JsonObject CreateRunConfiguration()
    {
        var c = _components;
        var roles = new JsonObject();
        foreach (var (key, settings) in c.Options.Roles.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            roles[key] = SettingsToJson(settings);
        }

        var roleDefaults = new JsonObject();
        foreach (var (key, settings) in c.PackageRoleDefaults.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            roleDefaults[key] = SettingsToJson(settings);
        }

        var config = new JsonObject
        {
            ["seed"] = c.Options.Seed,
            ["max_iterations"] = c.Options.MaxIterations,
            ["samples_per_iteration"] = c.Options.SamplesPerIteration,
            ["max_concurrency"] = c.Options.MaxConcurrency,
            ["budget"] = new JsonObject
            {
                ["max_calls"] = c.Options.Budget.MaxCalls,
                ["max_input_tokens"] = c.Options.Budget.MaxInputTokens,
                ["max_output_tokens"] = c.Options.Budget.MaxOutputTokens,
                ["max_wall_time_seconds"] = c.Options.Budget.MaxWallTime?.TotalSeconds,
            },
            ["roles"] = roles,
            ["role_defaults"] = roleDefaults,
            ["components"] = new JsonObject
            {
                ["generator"] = c.Generator.GetType().FullName,
                ["critics"] = new JsonArray(c.Critics.Select(k => (JsonNode?)new JsonObject { ["name"] = k.Name, ["type"] = k.GetType().FullName, ["stage"] = k.Stage }).ToArray()),
                ["updater"] = c.Updater?.GetType().FullName,
                ["curriculum"] = c.Curriculum?.GetType().FullName,
                ["objective"] = c.Objective?.GetType().FullName,
                ["acceptance_gate"] = c.Gate?.GetType().FullName,
                ["embedding_generator"] = c.Embeddings.GetType().FullName,
            },
        };
        foreach (var (section, value) in c.RunConfiguration)
        {
            config[section] = value?.DeepClone();
        }

        return config;
    }

    private static JsonObject SettingsToJson(ModelCallSettings settings) => new()
    {
        ["temperature"] = settings.Temperature,
        ["max_output_tokens"] = settings.MaxOutputTokens,
        ["model_id"] = settings.ModelId,
    };

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
