using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using PromptForge.Sipdo;
using PromptForge.Simulation;

namespace PromptForge.Benchmarks;

/// <summary>
/// SIPDO task calls and critical path for 5/10/20/40/80 levels on the simulator (BBH causal judgement) with a fixed
/// per-call latency, with the run's task verdicts reused (now) and without (every round re-answers every item, as before).
/// Target from the issue: task calls at most the distinct (prompt, item) pairs, none repeated. SIMULATED runs: the figures
/// count calls and layers of calls, they say nothing about model quality.
/// </summary>
internal sealed class SipdoTaskCostBench : IBenchCommand
{
    public string Name => "sipdo-task-cost";

    public string Description => "SIPDO: task calls, repeats and critical path (in call latencies) for 5-80 levels, verdicts reused vs not";

    public async Task<int> RunAsync(string[] args)
    {
        var latency = TimeSpan.FromMilliseconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50);
        int[] levels = args.Length > 1 ? args[1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray() : [5, 10, 20, 40, 80];
        var task = (await TaskFiles.LoadAsync(Path.Combine(AppContext.BaseDirectory, "sipdo", "causal_judgement.json"))).SplitHeldOut(0.3, 42);

        // Warm-up: the process's one-time JIT and initialization are not measured.
        await RunOnceAsync(task, 2, reuse: true, TimeSpan.Zero);

        Console.WriteLine($"SIPDO task cost on the simulator (SIMULATED), BBH causal judgement, seed 42, {latency.TotalMilliseconds:0} ms per call");
        Console.WriteLine("| levels | task calls before | repeats before | task calls now | distinct (version, item) pairs now | repeats now | critical path before | critical path now |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var failed = false;
        foreach (var n in levels)
        {
            var before = await RunOnceAsync(task, n, reuse: false, latency);
            var now = await RunOnceAsync(task, n, reuse: true, latency);
            failed |= now.Repeats > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {before.TaskCalls:#,0} | {before.Repeats:#,0} ({Share(before.Repeats, before.TaskCalls):0}%) | {now.TaskCalls:#,0} | {now.TaskCalls - now.Repeats:#,0} | {now.Repeats} | {before.Wall / latency:0} | {now.Wall / latency:0} |"));
        }

        Console.WriteLine("Critical path: the run's wall time in call latencies (every role; concurrency 64).");
        return failed ? 1 : 0;
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static async Task<(long TaskCalls, long Repeats, TimeSpan Wall)> RunOnceAsync(TaskDefinition task, int levels, bool reuse, TimeSpan latency)
    {
        var counter = new TaskCallCounter(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 42, Latency = latency, Behaviors = { SipdoSimulation.Behavior } }));
        var loop = PromptLoop.Create()
            .WithChatClient(counter)
            .WithSeed(42)
            .WithMaxConcurrency(64)
            .UseSipdo(task, o =>
            {
                o.Levels = levels;
                o.ReuseTaskVerdicts = reuse;
            })
            .Build();
        var stopwatch = Stopwatch.StartNew();
        await loop.RunAsync(task.Description);
        var wall = stopwatch.Elapsed;
        var calls = counter.Calls.ToList();
        return (calls.Count, calls.Count - calls.Distinct().Count(), wall);
    }

    /// <summary>Records every task call as (system prompt, input).</summary>
    private sealed class TaskCallCounter(IChatClient inner) : DelegatingChatClient(inner)
    {
        public ConcurrentQueue<(string, string)> Calls { get; } = new();

        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages.ToList();
            if (options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out var role) == true && role as string == SipdoRoles.Task.Tag)
            {
                Calls.Enqueue((list.FirstOrDefault(m => m.Role == ChatRole.System)?.Text ?? string.Empty, list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty));
            }

            return base.GetResponseAsync(list, options, cancellationToken);
        }
    }
}
