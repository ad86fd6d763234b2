using PromptForge.Tests.Fakes;

namespace PromptForge.Tests.Loop;

public sealed class PromptLoopGateTests
{
    [Fact]
    public async Task RunAsync_CandidateAfterRollback_IsJudgedAgainstTheIncumbentNotTheRejectedCandidate()
    {
        // The README case: v1 accepted at 0.85, v2 rejected at 0.55, then v3 (parent v1) measures 0.783: below the
        // incumbent v1, so it must be rejected, although it beats the rejected v2.
        var updater = new AppendingUpdater(PromptUpdateDecision.Candidate);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(new ScoreByVersionCritic(v => v switch { 0 => 0.6, 1 => 0.85, 2 => 0.55, 3 => 0.783, _ => 0.1 }))
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new NoRegressionGate())
            .WithMaxIterations(4)
            .Build();

        var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

        var status = result.PromptHistory.ToDictionary(p => p.Version, p => p.Status);
        status[1].ShouldBe(PromptVersionStatus.Accepted);
        status[2].ShouldBe(PromptVersionStatus.Rejected);
        result.PromptHistory.Single(p => p.Version == 3).ParentVersion.ShouldBe(1);
        status[3].ShouldBe(PromptVersionStatus.Rejected);
        result.MetricHistory[3].GateDecision.ShouldBe("rejected: quality fell from 0.85 to 0.783");
        result.FinalPrompt.Version.ShouldBe(1);
        result.BestPrompt.Version.ShouldBe(1);

        // The updater is shown the regression against the incumbent's own measurement (iteration 2), not v2's.
        var rejection = updater.Contexts[3].LastRejection.ShouldNotBeNull();
        rejection.Candidate.Version.ShouldBe(3);
        rejection.BaselineIteration.Iteration.ShouldBe(2);
        rejection.BaselineIteration.PromptVersion.ShouldBe(1);
    }

    [Fact]
    public async Task RunAsync_IncumbentPartiallyMeasuredWhenCandidateProposed_GateUsesItsLatestCompleteMeasurement()
    {
        // v0 is measured completely in iteration 1 (0.7) and partially in iteration 2, where v1 is proposed; v1 (0.6)
        // must be compared with iteration 1, the incumbent's latest complete measurement.
        var critic = new ScriptedQualityCritic([0.7, null, 0.6, 0.6]);
        var updater = new CandidateOnIterationUpdater(2);
        var loop = PromptLoop.Create()
            .WithGenerator(new CountingGenerator())
            .WithCritic(critic)
            .WithPromptUpdater(updater)
            .WithObjective(new QualityObjective())
            .WithAcceptanceGate(new StrictQualityGate())
            .WithMaxIterations(3)
            .Build();

        var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

        result.MetricHistory[2].GateDecision.ShouldBe("rejected: quality 0.6 is not above 0.7");
        result.PromptHistory.Single(p => p.Version == 1).Status.ShouldBe(PromptVersionStatus.Rejected);
        result.FinalPrompt.Version.ShouldBe(0);
    }

    [Fact]
    public async Task RunAsync_GateRequiringImprovement_AcceptedVersionNeverScoresBelowTheVersionItReplaced()
    {
        int rollbacks = 0, abstentions = 0, acceptances = 0;
        for (int seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var loop = PromptLoop.Create()
                .WithGenerator(new CountingGenerator())
                .WithCritic(new RandomQualityCritic(random, failureRate: 0.15))
                .WithPromptUpdater(new RandomCandidateUpdater(random, proposalRate: 0.8))
                .WithObjective(new QualityObjective())
                .WithAcceptanceGate(new StrictQualityGate())
                .WithSeed(seed)
                .WithMaxIterations(12)
                .WithSamplesPerIteration(1)
                .Build();

            var result = await loop.RunAsync("p", TestContext.Current.CancellationToken);

            // Replay the run: a version's recorded score is the objective of its latest complete measurement so far.
            var parents = result.PromptHistory.ToDictionary(p => p.Version, p => p.ParentVersion);
            var recorded = new Dictionary<int, double>();
            foreach (var record in result.MetricHistory)
            {
                if (record.GateDecision?.StartsWith("accepted:", StringComparison.Ordinal) == true)
                {
                    acceptances++;
                    int replaced = parents[record.PromptVersion]!.Value;
                    record.Objective.ShouldNotBeNull();
                    if (recorded.TryGetValue(replaced, out double incumbentScore))
                    {
                        record.Objective!.Value.ShouldBeGreaterThanOrEqualTo(
                            incumbentScore,
                            $"seed {seed}: v{record.PromptVersion} accepted in iteration {record.Iteration} at {record.Objective} although the incumbent v{replaced} is recorded at {incumbentScore}");
                    }
                    else
                    {
                        // Nothing to compare with: the incumbent was never measured completely, and the decision says so.
                        record.GateDecision.ShouldBe($"accepted: v{replaced} was never measured completely, so there is no baseline to compare with");
                    }
                }

                rollbacks += record.GateDecision?.StartsWith("rejected:", StringComparison.Ordinal) == true ? 1 : 0;
                abstentions += record.GateDecision?.StartsWith("abstained:", StringComparison.Ordinal) == true ? 1 : 0;
                if (record.Objective is { } objective)
                {
                    recorded[record.PromptVersion] = objective;
                }
            }

            // The final recorded scores agree with the replay.
            foreach (var version in result.PromptHistory.Where(p => recorded.ContainsKey(p.Version)))
            {
                version.Score.ShouldBe(recorded[version.Version]);
            }
        }

        // The sequences exercised every path the invariant is about.
        rollbacks.ShouldBeGreaterThan(20);
        abstentions.ShouldBeGreaterThan(5);
        acceptances.ShouldBeGreaterThan(20);
    }

    /// <summary>Keeps a candidate only when its quality is strictly above the baseline's.</summary>
    private sealed class StrictQualityGate : IPromptAcceptanceGate
    {
        public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline)
        {
            double c = candidate.Metrics["quality"].Value!.Value;
            double b = baseline.Metrics["quality"].Value ?? throw new InvalidOperationException($"the baseline iteration {baseline.Iteration} did not measure quality");
            return c > b ? GateDecision.Accept($"quality {c} is above {b}") : GateDecision.Reject($"quality {c} is not above {b}");
        }
    }

    /// <summary>Reports a random quality per iteration, or fails (a partial measurement) at the given rate.</summary>
    private sealed class RandomQualityCritic(Random random, double failureRate) : CriticBase
    {
        public override string Name => "random";

        public override IReadOnlyCollection<string> MetricNames => ["quality"];

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            if (random.NextDouble() < failureRate)
            {
                throw new FormatException("the judge replied nonsense");
            }

            double quality = Math.Round(random.NextDouble(), 3);
            return Task.FromResult(new Critique
            {
                CriticName = Name,
                Metrics = new Dictionary<string, MetricValue> { ["quality"] = MetricValue.Measured(quality, context.Samples.Count) },
            });
        }
    }

    /// <summary>Reports the scripted quality of each iteration in turn; <see langword="null"/> fails the critic.</summary>
    private sealed class ScriptedQualityCritic(IReadOnlyList<double?> qualities) : CriticBase
    {
        public override string Name => "scripted";

        public override IReadOnlyCollection<string> MetricNames => ["quality"];

        public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
        {
            double quality = qualities[context.Iteration - 1] ?? throw new FormatException("the judge replied nonsense");
            return Task.FromResult(new Critique
            {
                CriticName = Name,
                Metrics = new Dictionary<string, MetricValue> { ["quality"] = MetricValue.Measured(quality, context.Samples.Count) },
            });
        }
    }

    /// <summary>Proposes a candidate at the given rate.</summary>
    private sealed class RandomCandidateUpdater(Random random, double proposalRate) : IPromptUpdater
    {
        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(random.NextDouble() < proposalRate
                ? new PromptUpdate { Decision = PromptUpdateDecision.Candidate, NewText = $"{context.Current.Text} r{context.Iteration}" }
                : PromptUpdate.NoChange("nothing to add"));
    }

    /// <summary>Proposes one candidate, in the given iteration.</summary>
    private sealed class CandidateOnIterationUpdater(int iteration) : IPromptUpdater
    {
        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(context.Iteration == iteration
                ? new PromptUpdate { Decision = PromptUpdateDecision.Candidate, NewText = $"{context.Current.Text} r{context.Iteration}" }
                : PromptUpdate.NoChange("nothing to add"));
    }
}
