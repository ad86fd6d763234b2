using System.Globalization;
using PromptForge;
using PromptForge.SynSmith;
using PromptForge.Simulation;

// SynSmith on the reference's customer-support data, fully offline: every model call is answered by the
// PromptForge simulator, so the figures below show the loop's mechanics, not a model's quality.
// Usage: dotnet run --project samples/SynSmith.CustomerSupport [-- <condition> [iterations] [samples]]
var data = Path.Combine(AppContext.BaseDirectory, "customer-support");
var config = SynSmithConfigFile.Load(Path.Combine(data, "config.yaml"));
var schema = config.LoadSchema();
var train = RealExampleSet.Load(Path.Combine(data, "splits", "real_train.jsonl"), schema);
var test = RealExampleSet.Load(Path.Combine(data, "splits", "real_test.jsonl"), schema);
var conditions = args.Length > 0 && SynSmithConditionNames.TryParse(args[0], out var chosen) ? [chosen] : Enum.GetValues<SynSmithCondition>();
var iterations = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var samplesPerIteration = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 16;
var runs = Path.Combine(Path.GetTempPath(), "promptforge-synsmith-sample");

Console.WriteLine($"SynSmith customer-support sample. Model: {SimulatorInfo.Label}.");
Console.WriteLine($"Schema {config.SchemaPath}; real seed {train.Count} examples; held-out test {test.Count}; runs in {runs}");
foreach (var condition in conditions)
{
    var loop = PromptLoop.Create()
        .WithChatClient(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 17, Behaviors = { SynSmithSimulation.Behavior } }))
        .WithRunStore(new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = runs }))
        .WithSeed(17)
        .WithMaxIterations(iterations)
        .WithSamplesPerIteration(samplesPerIteration)
        .WithMaxConcurrency(32)
        .UseSynSmith(schema, train, options =>
        {
            options.Condition = condition;
            options.PlannerStrategy = PlannerStrategy.CoverageGap;
        })
        .Build();
    var result = await loop.RunAsync(config.InitialPrompt ?? "Generate realistic customer support messages.");

    Console.WriteLine();
    Console.WriteLine($"== {SynSmithConditionNames.ToName(condition)}: {result.Status}, run {result.RunId} ({result.RunLocation})");
    foreach (var iteration in result.MetricHistory)
    {
        string Show(string metric) => iteration.Metrics.TryGetValue(metric, out var v) && v.Value is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : "n/m";
        Console.WriteLine(
            $"  iter {iteration.Iteration} prompt v{iteration.PromptVersion}: match {Show(AttributeVerifier.MatchRateMetric)}, " +
            $"disc acc {Show(RealismDiscriminator.AccuracyMetric)}, pack {Show(PackDiscriminator.AccuracyMetric)}, " +
            $"banned {Show(ModeHunter.BannedPhrasingCountMetric)}, auroc {Show(CoverageHoleFinder.AurocMetric)}, " +
            $"near-dup {Show(DiversityMetricNames.NearDuplicateRate)}, vendi {Show(DiversityMetricNames.VendiScore)}, " +
            $"calls {iteration.Usage.Calls}; gate: {iteration.GateDecision ?? "-"}");
    }

    // Verified samples only; conditions without the attribute verifier have nothing verified, so they export all.
    var verifierRan = result.MetricHistory.Any(r => r.Critiques.Any(c => c.CriticName == SynSmithCriticNames.AttributeVerifier && !c.Failed));
    var dataset = SynSmithDatasetExporter.Collect(result, schema, includeUnverified: !verifierRan);
    if (result.RunLocation is { } location)
    {
        await File.WriteAllTextAsync(Path.Combine(location, "dataset.jsonl"), SynSmithDatasetExporter.ToJsonl(dataset));
        await File.WriteAllTextAsync(Path.Combine(location, "dataset.csv"), SynSmithDatasetExporter.ToCsv(dataset, schema));
    }

    var downstream = await SynSmithDownstream.EvaluateAsync(dataset, train, test, new HashedNGramEmbeddingGenerator());
    foreach (var name in new[] { "synthetic_only", "real_plus_synthetic" })
    {
        var report = downstream[name]?.Report;
        Console.WriteLine($"  downstream {name}: macro F1 {report?.MacroF1}, worst-class F1 {report?.WorstClassF1} (test n={downstream.TestSize}, simulated data)");
    }

    Console.WriteLine($"  best prompt v{result.BestPrompt.Version}; {dataset.Count} samples exported");
}
