using System.Diagnostics;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptForge.Benchmarks.Core;

/// <summary>
/// Issue 2 targets: the model-call path's own overhead per call with a zero-latency client (target under 0.2 ms),
/// and the wall time of 16 independent calls at concurrency 8 on a 50 ms client as a ratio to the ideal 2 x 50 ms
/// (target at most 1.2).
/// </summary>
internal sealed partial class ModelCallPathBench : IBenchCommand
{
    public string Name => "model-call-path";

    public string Description => "Gateway overhead per call (zero-latency client) and 16 calls at concurrency 8 on a 50 ms client.";

    public async Task<int> RunAsync(string[] args)
    {
        var role = new ModelRole("bench.judge", ModelRoleKind.Critic);
        var request = new ModelRequest(role, "You are a judge.", "Is this sample realistic? {\"text\":\"hello\"}");

        // 1. Overhead per call: text and structured calls through the gateway vs. the bare client.
        var zero = new FixedReplyChatClient("""{"label":"real","confidence":0.75}""", TimeSpan.Zero);
        var gateway = CreateGateway(zero, maxConcurrency: 8);
        const int warmup = 2_000;
        const int calls = 50_000;
        for (int i = 0; i < warmup; i++)
        {
            await gateway.GetStructuredResponseAsync(request, BenchJsonContext.Default.Verdict).ConfigureAwait(false);
            await zero.GetResponseAsync(request.Messages).ConfigureAwait(false);
        }

        double bare = await TimePerCallAsync(calls, () => zero.GetResponseAsync(request.Messages)).ConfigureAwait(false);
        double text = await TimePerCallAsync(calls, () => gateway.GetResponseAsync(request)).ConfigureAwait(false);
        double structured = await TimePerCallAsync(calls, () => gateway.GetStructuredResponseAsync(request, BenchJsonContext.Default.Verdict)).ConfigureAwait(false);

        Console.WriteLine($"Model-call path overhead per call ({calls:N0} calls, zero-latency client):");
        Console.WriteLine($"  bare client           {bare * 1000:F2} us");
        Console.WriteLine($"  gateway, text         {(text - bare) * 1000:F2} us overhead   (target < 200 us)");
        Console.WriteLine($"  gateway, structured   {(structured - bare) * 1000:F2} us overhead   (target < 200 us; includes schema format and JSON parse)");

        // 2. Concurrency: 16 independent calls at concurrency 8 against a 50 ms client; ideal is 2 waves x 50 ms.
        var slow = new FixedReplyChatClient("ok", TimeSpan.FromMilliseconds(50));
        var ratios = new List<double>();
        for (int run = 0; run < 7; run++)
        {
            var concurrent = CreateGateway(slow, maxConcurrency: 8);
            var sw = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => concurrent.GetResponseAsync(request))).ConfigureAwait(false);
            sw.Stop();
            if (run > 0)
            {
                ratios.Add(sw.Elapsed.TotalMilliseconds / 100.0);
            }
        }

        ratios.Sort();
        double median = ratios[ratios.Count / 2];
        Console.WriteLine("16 independent calls at concurrency 8, 50 ms client (6 runs after warm-up):");
        Console.WriteLine($"  wall time / ideal 100 ms: median {median:F3}, min {ratios[0]:F3}, max {ratios[^1]:F3}   (target <= 1.2)");

        bool ok = text - bare < 0.2 && structured - bare < 0.2 && median <= 1.2;
        Console.WriteLine(ok ? "RESULT: within targets" : "RESULT: outside targets");
        return ok ? 0 : 1;
    }

    private static ModelGateway CreateGateway(Microsoft.Extensions.AI.IChatClient client, int maxConcurrency) =>
        new(new ModelRoleClients { Default = client }, new ModelCallSettingsResolver(new Dictionary<string, ModelCallSettings>(), new Dictionary<string, ModelCallSettings>()),
            maxConcurrency, new LoopBudget { MaxCalls = long.MaxValue / 2 }, TimeProvider.System, NullLogger.Instance);

    private static async Task<double> TimePerCallAsync(int calls, Func<Task> call)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
        {
            await call().ConfigureAwait(false);
        }

        return sw.Elapsed.TotalMilliseconds / calls;
    }

    internal sealed class Verdict
    {
        public required string Label { get; init; }

        public required double Confidence { get; init; }
    }

    [JsonSerializable(typeof(Verdict))]
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
    internal sealed partial class BenchJsonContext : JsonSerializerContext;
}
