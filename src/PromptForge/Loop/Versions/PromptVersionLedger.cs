namespace PromptForge;

/// <summary>
/// The prompt-version state machine of a run: the version in force, the candidate on trial and the measurement it is
/// judged against, the gate's accept / reject (rollback) / abstain, scores, and the best version. Its state lives in
/// <see cref="LoopState"/> so it is checkpointed with the run; this class holds the rules.
/// </summary>
/// <remarks>
/// The baseline of a candidate is always the incumbent's own latest complete measurement: the version in force when the
/// candidate was adopted, as measured in the latest iteration that measured it completely. After a rollback that is
/// an earlier iteration than the one that measured the rejected candidate.
/// </remarks>
internal sealed class PromptVersionLedger
{
    private readonly LoopState _state;
    private readonly Func<IterationRecord, bool> _isCompleteMeasurement;

    // This iteration's measurement: it joins the history only when the iteration commits, after the update.
    private IterationRecord? _measured;
    private bool _measuredComplete;

    /// <summary>Initializes a new instance of the <see cref="PromptVersionLedger"/> class.</summary>
    /// <param name="state">The run state holding the versions.</param>
    /// <param name="isCompleteMeasurement">Whether a recorded iteration measured its prompt completely (no critic gap, every objective input measured).</param>
    public PromptVersionLedger(LoopState state, Func<IterationRecord, bool> isCompleteMeasurement)
    {
        _state = state;
        _isCompleteMeasurement = isCompleteMeasurement;
    }

    /// <summary>Gets the version in force.</summary>
    public PromptVersion InForce => _state.CurrentPrompt;

    /// <summary>
    /// Takes an iteration's measurement of the version in force: gates it when it is a candidate on trial, and scores
    /// it when the measurement is complete. Nothing is accepted or scored on a partial measurement.
    /// </summary>
    /// <param name="measured">The iteration's record so far (metrics and critiques).</param>
    /// <param name="objective">The objective score, or <see langword="null"/>.</param>
    /// <param name="measurementGap">Why the measurement is partial, or <see langword="null"/> when it is complete.</param>
    /// <param name="gate">The acceptance gate, if any.</param>
    /// <returns>What the gate did.</returns>
    public GateOutcome Measure(IterationRecord measured, double? objective, string? measurementGap, IPromptAcceptanceGate? gate)
    {
        var prompt = _state.GetVersion(measured.PromptVersion);
        if (prompt.Version != _state.CurrentVersion)
        {
            throw new InvalidOperationException($"Iteration {measured.Iteration} measured v{prompt.Version}, but v{_state.CurrentVersion} is in force.");
        }

        _measured = measured;
        _measuredComplete = measurementGap is null;
        var outcome = prompt.Status == PromptVersionStatus.Candidate ? Judge(prompt, measured, measurementGap, gate) : GateOutcome.None;
        if (measurementGap is null && objective is { } score && double.IsFinite(score))
        {
            _state.ScorePrompt(prompt.Version, score);
        }

        return outcome;
    }

    /// <summary>
    /// Drops a candidate rewrite the gate could never measure because the iteration is the run's last. An updater that
    /// confirms its own rewrites (<see cref="PromptUpdateDecision.Accepted"/>) is unaffected.
    /// </summary>
    /// <param name="update">The updater's update.</param>
    /// <param name="isFinalIteration">Whether no iteration follows this one.</param>
    /// <returns>The update to apply.</returns>
    public static PromptUpdate Admit(PromptUpdate update, bool isFinalIteration)
    {
        if (!isFinalIteration || update.Decision != PromptUpdateDecision.Candidate)
        {
            return update;
        }

        return new PromptUpdate
        {
            Decision = PromptUpdateDecision.NoChange,
            Reason = "final iteration: the candidate rewrite was not proposed, since no later iteration could measure it for the acceptance gate",
            Motivation = update.Motivation,

            // The rewrites tried before the adopted one stay on record as rejected; the adopted one is last.
            Proposals = update.Proposals.Count > 0 ? update.Proposals.Take(update.Proposals.Count - 1).ToList() : [],
            Metrics = update.Metrics,
        };
    }

    /// <summary>
    /// Records an update's proposals as versions: the adopted rewrite (the last proposal, unless nothing changed) goes
    /// into force, accepted or on trial; the others are recorded as rejected.
    /// </summary>
    /// <param name="iteration">The iteration.</param>
    /// <param name="update">The update (its text is non-empty unless the decision is <see cref="PromptUpdateDecision.NoChange"/>).</param>
    /// <returns>The proposals as recorded for the run folder, and the versions they became, in order.</returns>
    public (IReadOnlyList<PromptProposal> Proposals, IReadOnlyList<AdoptedVersion> Versions) Adopt(int iteration, PromptUpdate update)
    {
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

        int adoptedIndex = update.Decision == PromptUpdateDecision.NoChange ? -1 : proposals.Count - 1;
        int incumbent = _state.CurrentVersion;
        int parent = incumbent;
        var versions = new List<AdoptedVersion>(proposals.Count);
        for (int i = 0; i < proposals.Count; i++)
        {
            var proposal = proposals[i];
            var status = i == adoptedIndex
                ? (update.Decision == PromptUpdateDecision.Accepted ? PromptVersionStatus.Accepted : PromptVersionStatus.Candidate)
                : PromptVersionStatus.Rejected;
            string text = i == adoptedIndex ? update.NewText! : proposal.Text;
            var version = _state.AddVersion(text, parent, proposal.Motivation ?? update.Motivation, iteration, status, proposal.Reason);
            if (status != PromptVersionStatus.Rejected)
            {
                _state.CurrentVersion = version.Version;
                if (status == PromptVersionStatus.Candidate)
                {
                    _state.PendingBaselineIteration = LatestCompleteMeasurement(incumbent);
                }
            }

            versions.Add(new AdoptedVersion(version.Clone(), proposal.Reason));
            parent = version.Version;
        }

        return (proposals, versions);
    }

    /// <summary>
    /// The best version: highest score among versions neither rejected nor still on trial; ties the shorter, then the
    /// later. A version measured only partially is never scored, so it cannot be chosen on that score. With no scored
    /// version: the version in force, or the incumbent while a candidate is on trial.
    /// </summary>
    /// <param name="state">The run state.</param>
    /// <returns>The best version.</returns>
    public static PromptVersion SelectBest(LoopState state)
    {
        var prompts = state.Prompts;
        var scored = prompts.Where(p => p.Score.HasValue && p.Status is not (PromptVersionStatus.Rejected or PromptVersionStatus.Candidate)).ToList();
        if (scored.Count == 0)
        {
            var current = prompts.First(p => p.Version == state.CurrentVersion);
            return current.Status == PromptVersionStatus.Candidate && current.ParentVersion is { } parent
                ? prompts.First(p => p.Version == parent)
                : current;
        }

        return scored
            .OrderByDescending(p => p.Score!.Value)
            .ThenBy(p => p.Text.Length)
            .ThenByDescending(p => p.Version)
            .First();
    }

    private GateOutcome Judge(PromptVersion candidate, IterationRecord measured, string? measurementGap, IPromptAcceptanceGate? gate)
    {
        if (measurementGap is not null)
        {
            // The candidate stays on trial against the same baseline; no rewrite goes on top of a prompt that is
            // neither accepted nor rejected.
            return new GateOutcome
            {
                Kind = GateOutcomeKind.Abstained,
                Decision = $"abstained: {measurementGap}; candidate v{candidate.Version} stays on trial and is measured again next iteration",
                Reason = measurementGap,
                Candidate = candidate.Clone(),
            };
        }

        var baseline = _state.PendingBaselineIteration is { } baselineIteration
            ? _state.History.FirstOrDefault(h => h.Iteration == baselineIteration)
            : null;
        if (baseline is not null && _state.GetVersion(baseline.PromptVersion).Status == PromptVersionStatus.Rejected
            && candidate.ParentVersion is { } parent)
        {
            // A checkpoint written before the baseline fix can point at the rejected candidate's measurement; an
            // incumbent is never a rejected version, so judge against the parent's own latest complete measurement.
            baseline = _state.History.LastOrDefault(h => h.PromptVersion == parent && _isCompleteMeasurement(h));
        }

        _state.PendingBaselineIteration = null;
        var decision = gate is null ? GateDecision.Accept("no acceptance gate configured")
            : baseline is null ? GateDecision.Accept($"v{candidate.ParentVersion} was never measured completely, so there is no baseline to compare with")
            : gate.Evaluate(measured, baseline);
        candidate.StatusReason = decision.Reason;
        if (decision.Accepted)
        {
            candidate.Status = PromptVersionStatus.Accepted;
            return new GateOutcome { Kind = GateOutcomeKind.Accepted, Decision = "accepted: " + decision.Reason, Reason = decision.Reason, Candidate = candidate.Clone() };
        }

        // Back to the incumbent: the version the baseline measured.
        candidate.Status = PromptVersionStatus.Rejected;
        _state.CurrentVersion = baseline!.PromptVersion;
        var rejected = candidate.Clone();
        return new GateOutcome
        {
            Kind = GateOutcomeKind.Rejected,
            Decision = "rejected: " + decision.Reason,
            Reason = decision.Reason,
            Candidate = rejected,
            Rejection = new PromptRejection { Candidate = rejected.Clone(), Reason = decision.Reason, CandidateIteration = measured, BaselineIteration = baseline },
        };
    }

    /// <summary>The iteration of <paramref name="version"/>'s latest complete measurement, this iteration's included.</summary>
    private int? LatestCompleteMeasurement(int version)
    {
        if (_measured is { } measured && measured.PromptVersion == version && _measuredComplete)
        {
            return measured.Iteration;
        }

        return _state.History.LastOrDefault(h => h.PromptVersion == version && _isCompleteMeasurement(h))?.Iteration;
    }
}
