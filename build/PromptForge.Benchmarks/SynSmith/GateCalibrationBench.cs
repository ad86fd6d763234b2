using System.Globalization;
using PromptForge.Simulation;
using PromptForge.SynSmith;

namespace PromptForge.Benchmarks;

/// <summary>
/// Calibration of the SynSmith acceptance gate on the simulator (SIMULATED: the figures describe the gate's statistics on
/// the simulator's noise, not any real model). Each trial is a two-iteration full-condition run with its own seed whose
/// updater proposes one fixed candidate in iteration 1; iteration 2 gates it on paired work. "same": the candidate's text
/// equals the incumbent's (every acceptance is a false acceptance; target at most 5%). "better": the candidate adds the
/// simulated world's three helpful rules. "worse": it adds the harmful one.
/// </summary>
internal sealed class GateCalibrationBench : IBenchCommand
{
    public string Name => "gate-calibration";

    public string Description => "SynSmith gate: acceptance rate of an identical, a better and a worse candidate over seeded simulator trials (SIMULATED)";

    public async Task<int> RunAsync(string[] args)
    {
        var trials = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
        var samples = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 16;
        var data = Path.Combine(AppContext.BaseDirectory, "customer-support");
        var schema = AttributeSchema.Load(Path.Combine(data, "schema.yaml"));
        var real = RealExampleSet.Load(Path.Combine(data, "real_examples.jsonl"), schema);
        var initialPrompt = File.ReadAllText(Path.Combine(data, "initial_prompt.txt"));

        (string Name, Func<string, string> Rewrite)[] cases =
        [
            ("same", prompt => prompt),
            ("better", prompt => prompt + "\n- " + string.Join("\n- ", SynSmithSimulatedBehavior.Rules.UnmistakableLabel, SynSmithSimulatedBehavior.Rules.VisibleAttributes, SynSmithSimulatedBehavior.Rules.RealCustomers)),
            ("worse", prompt => prompt + "\n- " + SynSmithSimulatedBehavior.Rules.FormalLetter),
        ];

        Console.WriteLine($"SynSmith gate calibration: full condition, {samples} samples, {trials} seeded trials per case, default gate (weighted objective, 95% paired bootstrap CI > minimum effect 0); {SimulatorInfo.Label}.");
        Console.WriteLine("case     accepted  rate    mean extra calls  abstained");
        var sameRate = 0.0;
        foreach (var (name, rewrite) in cases)
        {
            int accepted = 0, abstained = 0;
            double extraCalls = 0;
            for (var t = 0; t < trials; t++)
            {
                var seed = 1000 + t;
                var run = await PromptLoop.Create()
                    .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = seed, Behaviors = { SynSmithSimulation.Behavior } }))
                    .WithSeed(seed)
                    .WithMaxIterations(2)
                    .WithSamplesPerIteration(samples)
                    .WithMaxConcurrency(32)
                    .UseSynSmith(schema, real)
                    .WithPromptUpdater(new FixedCandidateUpdater(rewrite))
                    .Build()
                    .RunAsync(initialPrompt);
                var gated = run.MetricHistory.Count > 1 ? run.MetricHistory[1] : null;
                accepted += gated?.GateDecision?.StartsWith("accepted", StringComparison.Ordinal) == true ? 1 : 0;
                abstained += gated?.GateDecision?.StartsWith("abstained", StringComparison.Ordinal) == true ? 1 : 0;
                extraCalls += gated is not null && gated.Metrics.TryGetValue(GateMeasurementCritic.ExtraCallsMetric, out var extra) ? extra.Value ?? 0 : 0;
            }

            var rate = accepted / (double)trials;
            sameRate = name == "same" ? rate : sameRate;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-8} {accepted,8}  {rate,6:P1}  {extraCalls / trials,16:0.0}  {abstained,9}"));
        }

        Console.WriteLine(sameRate <= 0.05 ? "false-acceptance target (<= 5%) met" : "false-acceptance target (<= 5%) NOT met");
        return sameRate <= 0.05 ? 0 : 1;
    }

    /// <summary>Proposes one fixed rewrite of the current prompt as a candidate in the first iteration, then nothing.</summary>
    private sealed class FixedCandidateUpdater(Func<string, string> rewrite) : IPromptUpdater
    {
        public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(context.Iteration == 1
                ? new PromptUpdate { Decision = PromptUpdateDecision.Candidate, NewText = rewrite(context.Current.Text), Motivation = "calibration candidate" }
                : PromptUpdate.NoChange("calibration: one candidate per trial"));
    }
}
