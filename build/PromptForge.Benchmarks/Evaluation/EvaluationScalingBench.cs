using System.Diagnostics;
using System.Globalization;
using PromptForge.Evaluation;

namespace PromptForge.Benchmarks.Evaluation;

/// <summary>
/// Times the PromptForge.Evaluation metrics at 1,000, 10,000 and 100,000 samples of 384-dimensional embeddings and
/// checks the targets of issue 3: Vendi under 5 s, approximate near-duplicate rate under 30 s with recall at least
/// 0.95 against exact on a 10,000 sample, MMD^2 and self-BLEU under 10 s each, peak memory under 2 GB.
/// </summary>
internal sealed class EvaluationScalingBench : IBenchCommand
{
    private const int Dimensions = 384;

    private NearDuplicateResult? _lastNearDuplicates;

    public string Name => "evaluation-scaling";

    public string Description => "Evaluation metrics at 1k/10k/100k x 384-d: times, LSH recall vs exact, peak memory";

    public Task<int> RunAsync(string[] args)
    {
        int max = args.Length > 0 && int.TryParse(args[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : 100_000;
        int[] sizes = new[] { 1_000, 10_000, 100_000 }.Where(s => s <= max).ToArray();
        Console.WriteLine($"evaluation-scaling: {Dimensions}-d embeddings, sizes {string.Join(", ", sizes)}; {Environment.ProcessorCount} logical cores; .NET {Environment.Version}");
        Console.WriteLine("Data: seeded synthetic (clustered unit vectors, 1% planted near-duplicates at cosine 0.921-0.99; texts from a 5,000-word Zipf-like vocabulary).");

        Console.Write("Generating data... ");
        var watch = Stopwatch.StartNew();
        var synthetic = EvaluationBenchData.Create(sizes[^1], Dimensions, seed: 1);
        var real = EvaluationBenchData.Create(sizes[^1], Dimensions, seed: 2, centerShift: 0.05);
        Console.WriteLine($"{watch.Elapsed.TotalSeconds:0.0} s");

        // Warm-up: JIT every path on a small input so the first timed size is not charged for compilation.
        Measure(EvaluationBenchData.Create(600, Dimensions, seed: 3), EvaluationBenchData.Create(600, Dimensions, seed: 4), 600, exactNearDuplicates: false);

        var rows = new List<(int Size, Dictionary<string, double> Seconds, Dictionary<string, string> Values)>();
        foreach (int size in sizes)
        {
            var (seconds, values) = Measure(synthetic, real, size, exactNearDuplicates: size <= new NearDuplicateOptions().ExactMaxSamples);
            rows.Add((size, seconds, values));
            Console.WriteLine($"  n = {size,7:N0} done ({seconds.Values.Sum():0.0} s total)");
        }

        PrintTable(rows);

        // Recall of the approximate index against exact, on a 10,000-sample subset.
        int recallSize = Math.Min(10_000, sizes[^1]);
        var subset = synthetic.Embeddings.SelectRows(Enumerable.Range(0, recallSize).ToArray());
        watch.Restart();
        var exact = NearDuplicates.Compute(subset, new NearDuplicateOptions { ExactMaxSamples = int.MaxValue });
        double exactSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var approximate = NearDuplicates.Compute(subset, new NearDuplicateOptions { ExactMaxSamples = 0 });
        double approximateSeconds = watch.Elapsed.TotalSeconds;
        int found = approximate.DuplicateIndices.Intersect(exact.DuplicateIndices).Count();
        double recall = exact.DuplicateIndices.Count == 0 ? 1.0 : (double)found / exact.DuplicateIndices.Count;
        Console.WriteLine();
        Console.WriteLine($"Near-duplicate recall on {recallSize:N0} samples: approximate flagged {approximate.DuplicateIndices.Count} of the {exact.DuplicateIndices.Count} samples exact flagged (recall {recall:0.0000}); " +
            $"pairs compared {approximate.PairsCompared:N0} vs {exact.PairsCompared:N0}; exact {exactSeconds:0.00} s, approximate {approximateSeconds:0.00} s.");

        // At the largest size exact is too slow to run here; the planted pairs (rows 100k+98 and 100k+99) are a known
        // lower bound of the true duplicate set.
        var planted = Enumerable.Range(0, sizes[^1]).Where(i => i % 100 is 98 or 99).ToHashSet();
        int plantedFound = _lastNearDuplicates!.DuplicateIndices.Count(planted.Contains);
        Console.WriteLine($"Near-duplicates at n = {sizes[^1]:N0} (approximate): {_lastNearDuplicates.DuplicateIndices.Count} samples flagged; {plantedFound} of the {planted.Count} planted duplicate samples found (recall {(double)plantedFound / planted.Count:0.0000}); pairs compared {_lastNearDuplicates.PairsCompared:N0}.");

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        double peakGb = process.PeakWorkingSet64 / (1024.0 * 1024 * 1024);
        var gcInfo = GC.GetGCMemoryInfo();
        Console.WriteLine($"Peak working set: {peakGb:0.00} GB; GC heap after run: {GC.GetTotalMemory(false) / (1024.0 * 1024):0} MB; total allocated: {GC.GetTotalAllocatedBytes() / (1024.0 * 1024 * 1024):0.0} GB; GC peak committed: {gcInfo.TotalCommittedBytes / (1024.0 * 1024):0} MB.");

        var largest = rows[^1];
        bool ok = true;
        Console.WriteLine();
        Console.WriteLine($"Targets at n = {largest.Size:N0}:");
        ok &= Check("Vendi score < 5 s", largest.Seconds["vendi"], 5);
        ok &= Check("near-duplicate rate (approximate) < 30 s", largest.Seconds["near_duplicates"], 30);
        ok &= Check("MMD^2 (subsampled) < 10 s", largest.Seconds["mmd"], 10);
        ok &= Check("self-BLEU-4 (sampled references) < 10 s", largest.Seconds["self_bleu"], 10);
        Console.WriteLine($"  {"near-duplicate recall vs exact >= 0.95",-44} {recall,8:0.0000}   {(recall >= 0.95 ? "ok" : "MISSED")}");
        Console.WriteLine($"  {"peak working set < 2 GB",-44} {peakGb,8:0.00} GB {(peakGb < 2 ? "ok" : "MISSED")}");
        ok &= recall >= 0.95 && peakGb < 2;
        return Task.FromResult(ok ? 0 : 1);
    }

    private static bool Check(string label, double seconds, double limit)
    {
        Console.WriteLine($"  {label,-44} {seconds,8:0.000} s  {(seconds < limit ? "ok" : "MISSED")}");
        return seconds < limit;
    }

    private (Dictionary<string, double> Seconds, Dictionary<string, string> Values) Measure(
        EvaluationBenchData synthetic, EvaluationBenchData real, int size, bool exactNearDuplicates)
    {
        var embeddings = size == synthetic.Embeddings.RowCount ? synthetic.Embeddings : synthetic.Embeddings.SelectRows(Enumerable.Range(0, size).ToArray());
        var realEmbeddings = size == real.Embeddings.RowCount ? real.Embeddings : real.Embeddings.SelectRows(Enumerable.Range(0, size).ToArray());
        var texts = synthetic.Texts.Take(size).ToList();
        var attributes = synthetic.Attributes.Take(size).ToList();
        var seconds = new Dictionary<string, double>();
        var values = new Dictionary<string, string>();
        void Time(string name, Func<MetricValue> run)
        {
            var watch = Stopwatch.StartNew();
            var value = run();
            seconds[name] = watch.Elapsed.TotalSeconds;
            values[name] = value.ToString();
        }

        Time("distinct_1_3", () => Enumerable.Range(1, 3).Select(n => LexicalMetrics.DistinctN(texts, n)).Last());
        Time("self_bleu", () => LexicalMetrics.SelfBleu(texts).Value);
        Time("vendi", () => VendiScore.Compute(embeddings));
        Time("near_duplicates", () =>
        {
            _lastNearDuplicates = NearDuplicates.Compute(embeddings, new NearDuplicateOptions { ExactMaxSamples = exactNearDuplicates ? int.MaxValue : 0 });
            return _lastNearDuplicates.Rate;
        });
        Time("mmd", () => MaximumMeanDiscrepancy.Compute(embeddings, realEmbeddings).MmdSquared);
        Time("mode_seeking", () => ModeSeeking.Compute(embeddings, attributes, ["intent", "tone"]).Ratio);
        Time("coverage_auroc", () => RealVsSyntheticClassifier.Evaluate(realEmbeddings, embeddings).Auroc);
        return (seconds, values);
    }

    private static void PrintTable(List<(int Size, Dictionary<string, double> Seconds, Dictionary<string, string> Values)> rows)
    {
        var notes = new Dictionary<string, string>
        {
            ["distinct_1_3"] = "exact, all texts",
            ["self_bleu"] = "5,000 sampled hypotheses, 1,000 sampled references",
            ["vendi"] = "exact; d x d dual when n > 384",
            ["near_duplicates"] = "exact at 1k, SimHash LSH (32 x 16 bits) above",
            ["mmd"] = "2,000 per set, bandwidth from 1,000",
            ["mode_seeking"] = "2,000 pairs, 500 per attribute",
            ["coverage_auroc"] = "2,000 per set, 5-fold CV logistic regression",
        };
        Console.WriteLine();
        Console.WriteLine($"{"metric",-16} " + string.Join(" ", rows.Select(r => $"{"n=" + r.Size.ToString("N0", CultureInfo.InvariantCulture),12}")) + "   sampling");
        foreach (var metric in notes.Keys)
        {
            Console.WriteLine($"{metric,-16} " + string.Join(" ", rows.Select(r => $"{r.Seconds[metric],10:0.000} s")) + $"   {notes[metric]}");
        }

        Console.WriteLine();
        Console.WriteLine("Values (sanity check, not quality claims; synthetic bench data):");
        foreach (var metric in notes.Keys)
        {
            Console.WriteLine($"{metric,-16} " + string.Join(" | ", rows.Select(r => r.Values[metric])));
        }
    }
}
