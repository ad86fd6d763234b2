using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;
using PromptForge.Embeddings.MiniLM;
using PromptForge.Evaluation;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge audit RUN... [--test-split F] [--ensemble] [--embeddings minilm|hashed]</c>: the reference's analysis
/// suite on finished SynSmith runs, printed as tables and written to each run's audit.json (the report shows it).
/// </summary>
internal static class AuditCommand
{
    public const string Name = "audit";

    public static Command Create(CliEnvironment environment)
    {
        var runs = new Argument<string[]>("run") { Description = "One or more finished synthesize run folders (runs/<run-id>).", Arity = ArgumentArity.OneOrMore };
        var testSplit = new Option<string?>("--test-split")
        {
            Description = "A held-out real test split (JSONL like the real examples) for every run; default: the split the run recorded, else half of its real examples.",
        };
        var ensemble = new Option<bool>("--ensemble") { Description = "Also average the class probabilities of every run's synthetic-only classifier (the cross-condition ensemble; two or more runs)." };
        var embeddings = EmbeddingsOption.Create();
        var command = new Command(Name, "Audit finished SynSmith runs: downstream with bootstrap intervals, the n_real sweep, diversity, MMD² and AUROC per feature space with real-vs-real null references, near duplicates, the cross-run ensemble.")
        {
            runs, testSplit, ensemble, embeddings,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment,
            token => ExecuteAsync(environment, result.GetRequiredValue(runs), result.GetValue(testSplit), result.GetValue(ensemble), result.GetValue(embeddings), token),
            cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(
        CliEnvironment environment, IReadOnlyList<string> runArguments, string? testSplit, bool ensemble, string? embeddingsChoice, CancellationToken cancellationToken)
    {
        // Every input is read and checked before anything is computed or written.
        string choice = EmbeddingsOption.Parse(embeddingsChoice);
        if (choice == EmbeddingsOption.Provider)
        {
            throw new CliInputException($"audit runs offline; use {EmbeddingsOption.MiniLM} or {EmbeddingsOption.Hashed}.", field: EmbeddingsOption.Name);
        }

        if (ensemble && runArguments.Count < 2)
        {
            throw new CliInputException("--ensemble averages several runs' classifiers; give two or more runs.", field: "--ensemble");
        }

        var inputs = new List<AuditInputs>();
        foreach (string run in runArguments)
        {
            inputs.Add(await AuditInputs.LoadAsync(environment, run, testSplit, cancellationToken).ConfigureAwait(false));
        }

        using var label = new EmbeddingsOption.Embedder(choice);
        using IEmbeddingGenerator<string, Embedding<float>> embedder = choice == EmbeddingsOption.Hashed
            ? new HashedNGramEmbeddingGenerator()
            : new MiniLMEmbeddingGenerator();
        var reports = new List<AuditReport>();
        foreach (AuditInputs input in inputs)
        {
            AuditReport report = await AuditService.AuditAsync(input, embedder, label.Label, cancellationToken).ConfigureAwait(false);
            Print(environment, report);
            reports.Add(report);
        }

        AuditEnsemble? combined = null;
        if (ensemble)
        {
            combined = await AuditService.EnsembleAsync(inputs, inputs[0].RealTest, inputs[0].TestSource, embedder, cancellationToken).ConfigureAwait(false);
            PrintEnsemble(environment, combined, inputs.Any(i => i.Simulated));
        }

        for (int i = 0; i < reports.Count; i++)
        {
            AuditReport report = combined is null ? reports[i] : reports[i] with { Ensemble = combined };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(AuditJson.ToJson(report), PromptForgeJsonContext.Default.JsonObject);
            await inputs[i].Location.Store.WriteFileAsync(report.RunId, AuditJson.FileName, json, cancellationToken).ConfigureAwait(false);
            environment.Console.MarkupLine($"Audit written to {Esc(environment.DisplayPath(Path.Combine(inputs[i].Location.Directory, AuditJson.FileName)))}");
        }

        return ExitCodes.Success;
    }

    private static void Print(CliEnvironment environment, AuditReport report)
    {
        void Line(string text) => environment.Console.WriteLine(text);
        environment.Console.MarkupLine($"[bold]Audit of run {Esc(report.RunId)}[/]" + (report.Simulated ? " [yellow](SIMULATED: the synthetic samples come from the offline simulator, not a language model)[/]" : string.Empty));
        Line(Invariant($"  {report.SyntheticCount} synthetic, {report.RealTrainCount} real training, {report.TestCount} test examples ({report.TestSource}); embeddings {report.Embeddings}"));
        Line("Downstream on the real test set (logistic regression C = 1; 95% bootstrap intervals, 1,000 resamples):");
        Line($"  {"condition",-20} {"train",5}  {"accuracy",-21} {"macro F1",-21} worst-class F1");
        foreach (AuditCondition c in report.Downstream)
        {
            Line(ConditionRow(c));
        }

        foreach (AuditCondition c in report.Downstream.Where(c => c.NotTrainedReason is null))
        {
            Line($"  per-class F1 {c.Name}: " + string.Join(", ", c.Report.PerClassF1.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {F(p.Value)}")));
        }

        foreach (ConditionComparisonResult c in report.Comparisons)
        {
            Line(Invariant($"  {c.First} - {c.Second}: macro F1 {F(c.Difference)} [{F(c.ConfidenceLow)}, {F(c.ConfidenceHigh)}], p = {F(c.PValue)}"));
        }

        Line("n_real sweep (scarce real data; macro F1 / worst-class F1, mean of seeded stratified subsets):");
        Line($"  {"per class",9} {"n_real",6} {"repeats",7}  {"real only",-15} {"real + synthetic",-17} gain");
        foreach (AuditSweepPoint p in report.Sweep)
        {
            string gain = p.RealOnlyMacroF1 is { } a && p.RealPlusSyntheticMacroF1 is { } b ? (b - a).ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture) : "n/a";
            Line(Invariant($"  {p.PerClass,9} {p.RealSize,6} {p.Repeats,7}  {F(p.RealOnlyMacroF1) + " / " + F(p.RealOnlyWorstClassF1),-15} {F(p.RealPlusSyntheticMacroF1) + " / " + F(p.RealPlusSyntheticWorstClassF1),-17} {gain}"));
        }

        AuditDiversity s = report.SyntheticDiversity, r = report.RealDiversity;
        Line(Invariant($"Diversity (every figure on seeded equal-size subsamples of {s.SubsampleSize}):"));
        Line($"  {"metric",-22} {"synthetic",9} {"real",9}");
        foreach ((string name, MetricValue a, MetricValue b) in new[]
        {
            ("vendi_score", s.Vendi, r.Vendi), ("distinct_1", s.Distinct1, r.Distinct1), ("distinct_2", s.Distinct2, r.Distinct2),
            ("distinct_3", s.Distinct3, r.Distinct3), ("self_bleu_4", s.SelfBleu4, r.SelfBleu4), ("near_duplicate_rate", s.NearDuplicateRate, r.NearDuplicateRate),
        })
        {
            Line($"  {name,-22} {F(a),9} {F(b),9}");
        }

        Line("Realism per feature space (synthetic vs real; real vs real = the real examples' two halves, the null reference):");
        Line($"  {"space",-11} {"dims",5} {"MMD²",8} {"real/real",9} {"AUROC",7} {"real/real",9} {"near-dup",8}");
        foreach (AuditFeatureSpace f in report.Spaces)
        {
            Line(Invariant($"  {f.Name,-11} {f.Dimensions,5} {F(f.Mmd.MmdSquared, "0.0000"),8} {F(f.NullMmd.MmdSquared, "0.0000"),9} {F(f.Auroc.Auroc),7} {F(f.NullAuroc.Auroc),9} {F(f.NearDuplicates.Rate),8}"));
        }

        if (report.Spaces.FirstOrDefault(f => f.Name == AuditService.SentenceSpace) is { } sentence)
        {
            Line(Invariant($"Near-duplicate rate of all {report.SyntheticCount} synthetic samples (sentence embeddings, cosine >= 0.92): {F(sentence.NearDuplicates.Rate)}"));
        }
    }

    private static void PrintEnsemble(CliEnvironment environment, AuditEnsemble ensemble, bool simulated)
    {
        environment.Console.MarkupLine("[bold]Cross-run ensemble[/] (synthetic-only classifiers; the ensemble averages their class probabilities)" + (simulated ? " [yellow](SIMULATED)[/]" : string.Empty));
        environment.Console.WriteLine(Invariant($"  on {ensemble.TestCount} test examples ({ensemble.TestSource})"));
        environment.Console.WriteLine($"  {"member",-20} {"train",5}  {"accuracy",-21} {"macro F1",-21} worst-class F1");
        foreach (AuditCondition member in ensemble.Members)
        {
            environment.Console.WriteLine(ConditionRow(member));
        }
    }

    private static string ConditionRow(AuditCondition c) => c.NotTrainedReason is { } reason
        ? Invariant($"  {c.Name,-20} {c.TrainSize,5}  not trained: {reason}")
        : Invariant($"  {c.Name,-20} {c.TrainSize,5}  {WithInterval(c.Report.Accuracy, c.Intervals.Accuracy),-21} {WithInterval(c.Report.MacroF1, c.Intervals.MacroF1),-21} {WithInterval(c.Report.WorstClassF1, c.Intervals.WorstClassF1)} ({c.Report.WorstClass})");

    private static string WithInterval(MetricValue value, MetricInterval interval) => $"{F(value)} [{F(interval.Low)}, {F(interval.High)}]";

    private static string F(MetricValue value, string format = "0.000") => value.Value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "n/m";

    private static string F(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
