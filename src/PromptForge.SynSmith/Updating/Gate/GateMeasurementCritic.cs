using System.Globalization;
using System.Text.Json;

namespace PromptForge.SynSmith;

/// <summary>
/// Records what <see cref="SynSmithAcceptanceGate"/> compares: every sample's contribution to the objective's axes. In a
/// gate iteration it also judges the measurement-only batch the generator wrote under the incumbent for the same target
/// vectors (with the verifier, realism and pack judges of the condition), so the gate compares paired work; the extra
/// model calls are counted. Runs after every other critic, whose critiques it reads.
/// </summary>
internal sealed class GateMeasurementCritic : CriticBase
{
    public const string CriticName = "gate_measurement";

    /// <summary>The metric counting the model calls a gate iteration made only to measure the incumbent.</summary>
    public const string ExtraCallsMetric = "gate_extra_model_calls";

    private static readonly string[] JudgedAgain = [SynSmithCriticNames.AttributeVerifier, SynSmithCriticNames.RealismDiscriminator, SynSmithCriticNames.PackDiscriminator];
    private readonly SynSmithData _data;
    private readonly IReadOnlyList<CriticBase> _incumbentJudges;

    public GateMeasurementCritic(SynSmithData data)
    {
        _data = data;
        var active = data.Options.ActiveCritics();
        _incumbentJudges = SynSmithPromptLoopBuilderExtensions.CreateCritics(data, JudgedAgain.Where(active.Contains));
    }

    public override string Name => CriticName;

    /// <summary>Gets the stage: after the diversity auditor and mode-seeking critic (stage 1).</summary>
    public override int Stage => 2;

    public override async Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var paired = PairedBatch.Load(context.State, context.Iteration);
        var banned = BanList.Load(context.State).Phrases.Select(p => p.Phrase).ToArray();
        var seed = context.Random.Next();
        var measurement = new GateMeasurement
        {
            PromptVersion = context.Prompt.Version,
            Units = await GateContributions.ComputeAsync(
                context.Samples,
                paired?.CandidateTargets ?? [],
                context.PriorCritiques,
                _data,
                context.Embeddings,
                banned,
                seed,
                cancellationToken).ConfigureAwait(false),
        };

        var metrics = new Dictionary<string, MetricValue>(StringComparer.Ordinal);
        if (paired is not null)
        {
            var incumbent = context.State.Prompts.First(p => p.Version == paired.IncumbentVersion);
            var gateway = new CountingModelGateway(context.Models);
            var critiques = await JudgeIncumbentAsync(context, incumbent, paired.Incumbent, gateway, cancellationToken).ConfigureAwait(false);
            measurement.IncumbentVersion = incumbent.Version;
            measurement.IncumbentUnits = await GateContributions.ComputeAsync(
                paired.Incumbent, paired.IncumbentTargets, critiques, _data, context.Embeddings, banned, seed, cancellationToken).ConfigureAwait(false);
            measurement.ExtraCalls = paired.GenerationCalls + gateway.Calls;
            var failed = critiques.Where(c => c.Failed).Select(c => $"{c.CriticName}: {c.Error}").ToArray();
            measurement.PairedNote = failed.Length == 0 && paired.IncumbentUnfilled == 0
                ? null
                : string.Join("; ", failed.Append(string.Create(CultureInfo.InvariantCulture, $"{paired.IncumbentUnfilled} incumbent targets unfilled")));
            metrics[ExtraCallsMetric] = MetricValue.Measured(measurement.ExtraCalls, paired.Incumbent.Count);
        }

        return new Critique
        {
            CriticName = Name,
            Metrics = metrics,
            Result = Artifact.Create(GateMeasurement.Key, measurement),
        };
    }

    /// <summary>Reads the measurement a critic recorded in an iteration, if it ran there.</summary>
    public static GateMeasurement? Read(IterationRecord iteration) => iteration.Critiques.ResultsOf(GateMeasurement.Key).FirstOrDefault();

    private async Task<IReadOnlyList<Critique>> JudgeIncumbentAsync(
        CritiqueContext context, PromptVersion incumbent, IReadOnlyList<Sample> samples, IModelGateway gateway, CancellationToken cancellationToken)
    {
        if (samples.Count == 0)
        {
            return [];
        }

        // Seeds drawn up front: the judges run concurrently and must not share the iteration's Random.
        var seeds = _incumbentJudges.Select(_ => context.Random.Next()).ToArray();
        var tasks = _incumbentJudges.Select(async (judge, i) =>
        {
            var judgeContext = new CritiqueContext
            {
                State = context.State,
                Iteration = context.Iteration,
                Models = gateway,
                Embeddings = context.Embeddings,
                Random = new Random(seeds[i]),
                TimeProvider = context.TimeProvider,
                LoggerFactory = context.LoggerFactory,
                Events = context.Events,
                Prompt = incumbent,
                Samples = samples,
            };
            try
            {
                return await judge.CritiqueAsync(judgeContext, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!CriticSupport.IsFatal(ex))
            {
                // The incumbent is then not measured on this axis; the gate compares the axes measured on both sides.
                return Critique.CreateFailed(judge.Name, CriticSupport.Describe(ex), judge.MetricNames);
            }
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }
}
