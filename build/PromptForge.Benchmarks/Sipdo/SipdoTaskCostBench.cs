using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.AI;
using PromptForge.Sipdo;
using PromptForge.Simulation;

namespace PromptForge.Benchmarks;

/// <summary>
/// SIPDO task calls and critical path for 5/10/20/40/80 levels on the simulator (BBH causal judgement), now and with the scheme
/// before (no verdict reused, local then global confirmation, the selection round scoring the current prompt first). The critical path is counted in
/// call latencies by a client that holds every call and releases the waiting ones together, one latency step at a time,
/// once no new call has arrived for a quiet period: the count of steps does not depend on the machine's load, as a
/// wall-clock measure on a shared machine does. Target from the issue: task calls at most the distinct (prompt, item)
/// pairs, none repeated. SIMULATED runs: the figures count calls and layers of calls, not model quality.
/// </summary>
internal sealed class SipdoTaskCostBench : IBenchCommand
{
    public string Name => "sipdo-task-cost";

    public string Description => "SIPDO: task calls, repeats and critical path (in call latencies) for 5-80 levels, verdicts reused vs not";

    public async Task<int> RunAsync(string[] args)
    {
        var quiet = TimeSpan.FromMilliseconds(args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 50);
        int[] levels = args.Length > 1 ? args[1].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture)).ToArray() : [5, 10, 20, 40, 80];
        var task = (await TaskFiles.LoadAsync(Path.Combine(AppContext.BaseDirectory, "sipdo", "causal_judgement.json"))).SplitHeldOut(0.3, 42);

        // Warm-up: the process's one-time JIT and initialization are not measured.
        await RunOnceAsync(task, 2, reuse: true, quiet);

        Console.WriteLine($"SIPDO task cost on the simulator (SIMULATED), BBH causal judgement, seed 42; a call latency step is released after {quiet.TotalMilliseconds:0} ms without a new call");
        Console.WriteLine("| levels | task calls before | repeats before | task calls now | distinct (version, item) pairs now | repeats now | critical path before | critical path now |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var failed = false;
        foreach (var n in levels)
        {
            var before = await RunOnceAsync(task, n, reuse: false, quiet);
            var now = await RunOnceAsync(task, n, reuse: true, quiet);
            failed |= now.Repeats > 0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {n} | {before.TaskCalls:#,0} | {before.Repeats:#,0} ({Share(before.Repeats, before.TaskCalls):0}%) | {now.TaskCalls:#,0} | {now.TaskCalls - now.Repeats:#,0} | {now.Repeats} | {before.Steps} | {now.Steps} |"));
        }

        Console.WriteLine("Critical path: call latencies one after another over the whole run (every role; gateway concurrency 64).");
        return failed ? 1 : 0;
    }

    private static double Share(long part, long whole) => whole == 0 ? 0 : 100.0 * part / whole;

    private static async Task<(long TaskCalls, long Repeats, int Steps)> RunOnceAsync(TaskDefinition task, int levels, bool reuse, TimeSpan quiet)
    {
        var counter = new TaskCallCounter(new SimulatedChatClient(new SimulatedChatClientOptions { Seed = 42, Behaviors = { SipdoSimulation.Behavior } }));
        using var steps = new LatencySteps(counter, quiet);
        var loop = PromptLoop.Create()
            .WithChatClient(steps)
            .WithSeed(42)
            .WithMaxConcurrency(64)
            .UseSipdo(task, o =>
            {
                o.Levels = levels;
                o.LegacyTaskScheduling = !reuse;
            })
            .Build();
        var run = loop.RunAsync(task.Description);
        await steps.DriveUntilAsync(run);
        var calls = counter.Calls.ToList();
        return (calls.Count, calls.Count - calls.Distinct().Count(), steps.Steps);
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

    /// <summary>
    /// Every call waits for the next latency step; a step releases all waiting calls once no new call arrived for the
    /// quiet period, so calls that could run together share a step and a call that needs another's answer takes the next.
    /// </summary>
    private sealed class LatencySteps(IChatClient inner, TimeSpan quiet) : DelegatingChatClient(inner)
    {
        private readonly Lock _gate = new();
        private List<TaskCompletionSource> _waiting = [];
        private long _lastArrival = Stopwatch.GetTimestamp();

        public int Steps { get; private set; }

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var step = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                _waiting.Add(step);
                _lastArrival = Stopwatch.GetTimestamp();
            }

            await step.Task.ConfigureAwait(false);
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }

        public async Task DriveUntilAsync(Task run)
        {
            while (!run.IsCompleted)
            {
                await Task.WhenAny(run, Task.Delay(5)).ConfigureAwait(false);
                List<TaskCompletionSource>? release = null;
                lock (_gate)
                {
                    if (_waiting.Count > 0 && Stopwatch.GetElapsedTime(_lastArrival) >= quiet)
                    {
                        (release, _waiting) = (_waiting, []);
                        Steps++;
                    }
                }

                release?.ForEach(t => t.SetResult());
            }

            await run.ConfigureAwait(false);
        }
    }
}
