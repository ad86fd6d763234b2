using System.Diagnostics;
using System.Globalization;

namespace PromptForge.Benchmarks.Persistence;

/// <summary>
/// What persisting a run costs per iteration, as the run grows: a loop with no model calls (a generator of fixed-size
/// samples and a critic with one verdict per sample), run once with a <see cref="FileSystemRunStore"/> and once without
/// a store. Bytes are the process's write(2) bytes (<c>wchar</c> of /proc/self/io) between the starts of two iterations;
/// persisting time is the iteration's wall time with the store minus without. Uses only the public loop API, so the same
/// file measures an older PromptForge too.
/// </summary>
internal sealed class PersistenceBench : IBenchCommand
{
    public string Name => "persistence";

    public string Description => "Bytes written and time spent persisting per iteration at 10, 40 and 80 iterations, and one iteration of 10,000 samples";

    public async Task<int> RunAsync(string[] args)
    {
        if (!File.Exists("/proc/self/io"))
        {
            Console.Error.WriteLine("persistence: needs /proc/self/io (Linux).");
            return 2;
        }

        // Per iteration: the 5 iterations before the last (the last one also writes the run's final files).
        Console.WriteLine("iterations x samples | bytes written per iteration | persist ms per iteration (store - no store) | last iteration + final files, bytes | run folder bytes");
        foreach (var (iterations, samples) in new[] { (10, 20), (40, 20), (80, 20), (1, 10_000) })
        {
            var withStore = await MeasureAsync(iterations, samples, withStore: true);
            var without = await MeasureAsync(iterations, samples, withStore: false);
            bool single = iterations == 1;
            var bytes = single ? withStore.Bytes : withStore.Bytes.SkipLast(1).TakeLast(5).ToList();
            var withMs = single ? withStore.Milliseconds : withStore.Milliseconds.SkipLast(1).TakeLast(5).ToList();
            var withoutMs = single ? without.Milliseconds : without.Milliseconds.SkipLast(1).TakeLast(5).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{iterations,3} x {samples,6} | {bytes.Average(),12:N0} | {withMs.Average() - withoutMs.Average(),9:F2} | {withStore.Bytes[^1],12:N0} | {withStore.FolderBytes,12:N0}"));
        }

        return 0;
    }

    private static async Task<Measurement> MeasureAsync(int iterations, int samplesPerIteration, bool withStore)
    {
        string root = Path.Combine(Path.GetTempPath(), "promptforge-persistence-" + Path.GetRandomFileName());
        var marks = new List<(long Bytes, long Ticks)>();
        var builder = PromptLoop.Create()
            .WithChatClient(new Core.FixedReplyChatClient("ok", TimeSpan.Zero))
            .WithGenerator(new FixedSizeGenerator(iteration => marks.Add((WrittenBytes(), Stopwatch.GetTimestamp()))))
            .WithCritic("verdicts", (context, _) => Task.FromResult(new Critique
            {
                CriticName = "verdicts",
                Metrics = new Dictionary<string, MetricValue> { ["pass_rate"] = MetricValue.Measured(0.5, context.Samples.Count) },
                Verdicts = context.Samples.Select((s, i) => new SampleVerdict { SampleId = s.Id, Passed = i % 2 == 0, Reason = "checked against the requested attributes" }).ToList(),
            }))
            .WithMaxIterations(iterations)
            .WithSamplesPerIteration(samplesPerIteration)
            .WithSeed(1);
        if (withStore)
        {
            builder = builder.WithRunStore(new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = root }));
        }

        try
        {
            _ = await builder.Build().RunAsync("Write one customer-support message.");
            marks.Add((WrittenBytes(), Stopwatch.GetTimestamp()));
            var bytes = new List<long>();
            var milliseconds = new List<double>();
            for (int i = 1; i < marks.Count; i++)
            {
                bytes.Add(marks[i].Bytes - marks[i - 1].Bytes);
                milliseconds.Add(Stopwatch.GetElapsedTime(marks[i - 1].Ticks, marks[i].Ticks).TotalMilliseconds);
            }

            long folderBytes = Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length) : 0;
            return new Measurement(bytes, milliseconds, folderBytes);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static long WrittenBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/io"))
        {
            if (line.StartsWith("wchar:", StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(6).Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }

    private sealed record Measurement(List<long> Bytes, List<double> Milliseconds, long FolderBytes);

    /// <summary>Samples of about 600 bytes with a few attributes, the size of a SynSmith customer-support message.</summary>
    private sealed class FixedSizeGenerator(Action<int> onIteration) : IGenerator
    {
        private static readonly string Body = string.Concat(Enumerable.Repeat("My order arrived damaged and the replacement never shipped. ", 9));

        public Task<GenerationResult> GenerateAsync(GenerationContext context, CancellationToken cancellationToken = default)
        {
            onIteration(context.Iteration);
            var samples = Enumerable.Range(0, context.SampleCount).Select(i => new Sample
            {
                Id = SampleIds.Create(context.Iteration, i),
                Input = $"{i}: {Body}",
                Expected = "refund",
                RequestedAttributes = new Dictionary<string, string> { ["intent"] = "refund", ["tone"] = "angry", ["channel"] = "email" },
            }).ToList();
            return Task.FromResult(new GenerationResult { Samples = samples });
        }
    }
}
