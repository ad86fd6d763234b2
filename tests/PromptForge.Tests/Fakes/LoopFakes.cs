namespace PromptForge.Tests.Fakes;

/// <summary>A generator that writes <c>SampleCount</c> samples whose input names the iteration and the prompt version.</summary>
internal sealed class CountingGenerator : IGenerator
{
    public int Calls { get; private set; }

    public Func<GenerationContext, Task>? OnGenerate { get; init; }

    public async Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
    {
        Calls++;
        if (OnGenerate is not null)
        {
            await OnGenerate(context);
        }

        var samples = Enumerable.Range(0, context.SampleCount).Select(i => new Sample
        {
            Id = SampleIds.Create(context.Iteration, i),
            Input = $"iteration {context.Iteration} sample {i} from v{context.Prompt.Version} r{context.Random.Next(1000)}",
            Expected = i % 2 == 0 ? "yes" : "no",
            Difficulty = context.Level?.Level,
            Provenance = new SampleProvenance { Iteration = context.Iteration, PromptVersion = context.Prompt.Version },
        }).ToList();
        return new GenerationResult { Samples = samples };
    }
}

/// <summary>A critic reporting a fixed score per prompt version.</summary>
internal sealed class ScoreByVersionCritic(Func<int, double> score, string name = "score") : CriticBase
{
    public override string Name => name;

    public override IReadOnlyCollection<string> MetricNames => ["quality"];

    public List<CritiqueContext> Contexts { get; } = [];

    public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        Contexts.Add(context);
        return Task.FromResult(new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue> { ["quality"] = MetricValue.Measured(score(context.Prompt.Version), context.Samples.Count) },
            Complaints = [new Complaint { Code = "too_plain", Message = $"v{context.Prompt.Version} is plain" }],
        });
    }
}

/// <summary>An objective that reads the "quality" metric.</summary>
internal sealed class QualityObjective : IPromptObjective
{
    public double? Score(IterationRecord iteration) =>
        iteration.Metrics.TryGetValue("quality", out var v) ? v.Value : null;
}

/// <summary>A gate that keeps a candidate unless its quality dropped.</summary>
internal sealed class NoRegressionGate : IPromptAcceptanceGate
{
    public GateDecision Evaluate(IterationRecord candidate, IterationRecord baseline)
    {
        double c = candidate.Metrics["quality"].Value ?? 0;
        double b = baseline.Metrics["quality"].Value ?? 0;
        return c >= b ? GateDecision.Accept($"quality {c} >= {b}") : GateDecision.Reject($"quality fell from {b} to {c}");
    }
}

/// <summary>An updater that proposes "prompt vN+1" with the configured decision and records what it saw.</summary>
internal sealed class AppendingUpdater(PromptUpdateDecision decision) : IPromptUpdater
{
    public List<PromptUpdateContext> Contexts { get; } = [];

    public Task<PromptUpdate> UpdateAsync(PromptUpdateContext context, CancellationToken cancellationToken = default)
    {
        Contexts.Add(context);
        return Task.FromResult(new PromptUpdate
        {
            Decision = decision,
            NewText = context.Current.Text + $" +rule{context.Iteration}",
            Motivation = string.Join("; ", context.Critiques.SelectMany(c => c.Complaints).Select(c => c.Code)),
        });
    }
}
