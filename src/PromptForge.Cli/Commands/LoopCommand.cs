using System.CommandLine;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Runs;
using PromptForge.Sipdo;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// What every loop command (synthesize, optimize) shares: --out, --seed, the provider options, the hidden --resume-run
/// used by <c>promptforge resume</c>, running the loop with progress, and the closing summary.
/// </summary>
internal sealed class LoopCommand
{
    public const string DefaultRunsDirectory = "runs";

    public Option<string> Out { get; } = new("--out", "-o") { Description = "The folder that holds the run folders.", DefaultValueFactory = _ => DefaultRunsDirectory };

    public Option<int?> Seed { get; } = new("--seed") { Description = "The run's seed (reproducible sampling, planning and simulator answers)." };

    /// <summary>Resumes the run with this id instead of starting one (set by <c>promptforge resume</c>).</summary>
    public Option<string?> ResumeRun { get; } = new("--resume-run") { Hidden = true };

    /// <summary>The id of the new run (set by <c>promptforge experiment</c>; otherwise generated).</summary>
    public Option<string?> RunId { get; } = new("--run-id") { Hidden = true };

    /// <summary>Dry-runs on the simulator and prints expected calls, tokens and cost instead of running (set by <c>promptforge estimate</c>).</summary>
    public Option<bool> Estimate { get; } = new("--estimate") { Hidden = true };

    /// <summary>The price table for <c>--estimate</c>.</summary>
    public Option<string?> Prices { get; } = new("--prices") { Hidden = true };

    /// <summary>The input size limits (<c>--limit name=value</c>).</summary>
    public Option<string[]> Limits { get; } = InputLimits.CreateOption();

    public ProviderOptions Provider { get; } = new();

    public void AddTo(Command command)
    {
        command.Add(Out);
        command.Add(Limits);
        command.Add(Seed);
        command.Add(ResumeRun);
        command.Add(RunId);
        command.Add(Estimate);
        command.Add(Prices);
        Provider.AddTo(command);
    }

    /// <summary>The invocation recorded in config.json so that <c>promptforge resume</c> can rebuild the same loop (no key: it is never an argument).</summary>
    public static JsonObject Invocation(string command, ParseResult result)
    {
        var arguments = new JsonArray();
        bool skipNext = false;
        foreach (string token in result.Tokens.Select(t => t.Value).Skip(1))
        {
            // The runs folder and resume id are supplied again by `resume`; everything else replays as given.
            if (skipNext)
            {
                skipNext = false;
                continue;
            }

            if (token is "--out" or "-o" or "--resume-run" or "--run-id")
            {
                skipNext = true;
                continue;
            }

            arguments.Add(token);
        }

        return new JsonObject { ["command"] = command, ["arguments"] = arguments };
    }

    /// <summary>The input size limits given with --limit over the defaults.</summary>
    public InputLimits ResolveLimits(ParseResult result) => InputLimits.Parse(result.GetValue(Limits));

    /// <summary>
    /// The run's inputs: for <c>promptforge resume</c> the frozen copies in the run folder (from any working directory);
    /// for a new run an empty set the command records its input files in (they are copied into the run folder).
    /// </summary>
    public RunInputs Inputs(CliEnvironment environment, ParseResult result) =>
        result.GetValue(ResumeRun) is { } resumeRunId
            ? RunInputs.ForResumedRun(Path.Combine(environment.ResolvePath(result.GetRequiredValue(Out)), resumeRunId))
            : RunInputs.ForNewRun();

    /// <summary>Builds the loop from the shared options and <paramref name="compose"/>, runs or resumes it, prints the summary.
    /// <paramref name="afterRun"/> runs after the loop (its <c>bool</c> is true in an estimate's dry run: make the calls, print and write nothing).
    /// <paramref name="configSeed"/> is the seed of the command's config file: without --seed it is the run's seed, for the loop and the simulator alike.
    /// <paramref name="inputs"/> are the files the command read (<see cref="Inputs"/>): a new run records and copies them; a resumed run reports originals changed since.
    /// <paramref name="configureProvider"/> adjusts the resolved provider settings (given the runs folder) before any client exists, except in an estimate.
    /// <paramref name="providerFile"/> holds the providers the command's config file chooses; the provider options override it.
    /// <paramref name="sipdoTask"/> is the command's SIPDO task, if any: the simulator answers SIPDO's roles in a world derived from it.</summary>
    public async Task<(int ExitCode, RunResult? Result, IRunStore Store)> RunAsync(
        CliEnvironment environment,
        ParseResult result,
        string commandName,
        Func<PromptLoopBuilder, ProviderSettings, IChatClient, PromptLoopBuilder> compose,
        string initialPrompt,
        CancellationToken cancellationToken,
        Func<RunResult, IChatClient, IRunStore, bool, CancellationToken, Task>? afterRun = null,
        int? configSeed = null,
        RunInputs? inputs = null,
        Func<ProviderSettings, string, ProviderSettings>? configureProvider = null,
        ProviderFileSettings? providerFile = null,
        TaskDefinition? sipdoTask = null)
    {
        bool estimate = result.GetValue(Estimate);
        string? resumeRunId = result.GetValue(ResumeRun);
        PriceTable? prices = result.GetValue(Prices) is { } pricesPath ? PriceTable.Load(environment.ResolvePath(pricesPath)) : null;

        // An estimate spends nothing and needs no key: the provider options only name the models to price.
        Func<string, string?> variables = estimate
            ? name => ProviderDefaults.KeyVariables.Contains(name) ? "estimate-sends-nothing" : environment.GetEnvironmentVariable(name)
            : environment.GetEnvironmentVariable;
        string outDirectory = environment.ResolvePath(result.GetRequiredValue(Out));
        ProviderSettings provider = Provider.Resolve(result, variables, Path.Combine(outDirectory, ".cache"), providerFile);
        if (configureProvider is not null && !estimate)
        {
            provider = configureProvider(provider, outDirectory);
        }

        // A dry run writes its run into a temporary folder (created by the store only when the run starts) that is
        // deleted afterwards: nothing lands in --out.
        string runsDirectory = estimate ? Path.Combine(Path.GetTempPath(), "promptforge-estimate-" + Path.GetRandomFileName()) : outDirectory;
        // One effective seed for the loop and the simulator: a config's seed alone determines a simulated run.
        int seed = EffectiveSeed(result, configSeed);
        CallRecordingChatClient? recorder = estimate ? new CallRecordingChatClient(ChatClientFactory.CreateSimulator(seed, sipdoTask), ModelFamilyTokenCounter.Default, provider.Model) : null;
        // Known API keys never reach a run folder: removed from every model reply and from every file written.
        SecretScrubber secrets = estimate ? SecretScrubber.None : SecretScrubber.FromEnvironment(environment.GetEnvironmentVariable);
        using IChatClient client = recorder as IChatClient ?? new SecretRedactingChatClient(ChatClientFactory.Create(provider, seed, TimeSpan.FromSeconds(120), environment.TimeProvider, secrets, sipdoTask), secrets);
        IRunStore store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = runsDirectory, TimeProvider = environment.TimeProvider });
        if (!secrets.IsEmpty)
        {
            store = new SecretRedactingRunStore(store, secrets);
        }

        if (inputs is { IsFrozen: false, Inputs.Count: > 0 })
        {
            store = new InputFreezingRunStore(store, inputs);
        }

        PromptLoopBuilder builder = PromptLoop.Create().WithRunStore(store).WithTimeProvider(environment.TimeProvider).WithSeed(seed);
        if (result.GetValue(RunId) is { } runId && !estimate)
        {
            builder.WithRunId(runId);
        }

        builder = compose(ChatClientFactory.Configure(builder, provider, client), provider, client);
        JsonObject cliSection = provider.ToRunConfiguration();
        cliSection["invocation"] = Invocation(commandName, result);
        if (inputs is { IsFrozen: false, Inputs.Count: > 0 })
        {
            cliSection[RunInputs.ConfigKey] = inputs.ToJson();
        }
        builder.WithRunConfiguration("cli", cliSection);

        PromptLoop loop;
        try
        {
            loop = builder.Build();
        }
        catch (PromptLoopValidationException ex)
        {
            throw new CliInputException("the run configuration is invalid:\n  " + string.Join("\n  ", ex.Problems), innerException: ex);
        }

        if (recorder is not null)
        {
            try
            {
                RunResult? dryRun = null;
                await foreach (LoopEvent loopEvent in loop.RunStreamingAsync(initialPrompt, cancellationToken).ConfigureAwait(false))
                {
                    // A silent dry run: only the recorded calls matter.
                    dryRun = (loopEvent as RunCompletedEvent)?.Result ?? dryRun;
                }

                if (dryRun is not null && afterRun is not null)
                {
                    await afterRun(dryRun, client, store, true, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                if (Directory.Exists(runsDirectory))
                {
                    Directory.Delete(runsDirectory, recursive: true);
                }
            }

            EstimateWriter.Write(environment.Console, CostEstimator.Estimate(recorder.Calls, provider.Model ?? ProviderNames.Simulator, prices), prices, loop.Options.MaxIterations);
            return (ExitCodes.Success, null, store);
        }

        // After every input was read (the loop's components load theirs in compose) and before any model call or write:
        // an unusable --out, a taken --run-id or a cut-short run file is a message and exit 2, with nothing written.
        OutputFolder.EnsureWritable(outDirectory, result.GetRequiredValue(Out));
        if (resumeRunId is not null)
        {
            RunFileCheck.EnsureReadable(Path.Combine(outDirectory, resumeRunId), environment.DisplayPath);
        }
        else if (result.GetValue(RunId) is { } newRunId)
        {
            OutputFolder.EnsureNewRun(outDirectory, newRunId, environment.DisplayPath);
        }

        // Before the run folder exists: an unreachable endpoint or a rejected key is reported as such, not retried call by call.
        await ChatClientFactory.CheckEndpointAsync(provider, cancellationToken).ConfigureAwait(false);

        ReportInputs(environment, inputs);
        RunResult? run;
        try
        {
            run = await LoopRunner.RunAsync(
                environment,
                provider,
                loop.Options.MaxIterations,
                ct => resumeRunId is null ? loop.RunStreamingAsync(initialPrompt, ct) : loop.ResumeStreamingAsync(resumeRunId, ct),
                cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (resumeRunId is not null)
        {
            // The loop validates the manifest and checkpoint before it writes anything: a corrupt file is bad input.
            throw new CliInputException(ex.Message, environment.DisplayPath(Path.Combine(outDirectory, resumeRunId)), innerException: ex);
        }

        if (run is null)
        {
            return (ExitCodes.Failure, null, store);
        }

        PrintSummary(environment.Console, run, provider);
        if (run.Status == RunStatus.Interrupted)
        {
            // Nothing is derived from an interrupted run (no dataset, no evaluation); LoopRunner printed the resume command.
            return (ExitCodes.Interrupted, run, store);
        }

        if (afterRun is not null)
        {
            await afterRun(run, client, store, false, cancellationToken).ConfigureAwait(false);
        }

        if (run.RunLocation is { } location)
        {
            // Last, after any held-out evaluation: what to run next.
            environment.Console.MarkupLine($"Next: promptforge report {Esc(environment.DisplayPath(location))}");
        }

        int exitCode = run.Status switch
        {
            RunStatus.Completed or RunStatus.BudgetExhausted => ExitCodes.Success,
            RunStatus.Cancelled => ExitCodes.Cancelled,
            RunStatus.Interrupted => ExitCodes.Interrupted,
            _ => ExitCodes.Failure,
        };
        return (exitCode, run, store);
    }

    /// <summary>One line per input worth knowing about: a resumed run's originals that changed, a new run's files outside its config's folder.</summary>
    private static void ReportInputs(CliEnvironment environment, RunInputs? inputs)
    {
        if (inputs is null)
        {
            return;
        }

        IEnumerable<string> notes = inputs.IsFrozen
            ? inputs.ChangedOriginals()
            : inputs.OutsideConfigFolder.Select(i => $"note: the config names {i.OriginalPath} ({i.Role}), outside the config's folder; recorded in the run's config.json.");
        foreach (string note in notes)
        {
            environment.Error.WriteLine(note);
        }
    }

    /// <summary>The run's seed: --seed, else the config file's, else 0.</summary>
    public int EffectiveSeed(ParseResult result, int? configSeed = null) => result.GetValue(Seed) ?? configSeed ?? 0;

    private static void PrintSummary(IAnsiConsole console, RunResult run, ProviderSettings provider)
    {
        console.WriteLine();
        console.MarkupLine($"Run [bold]{Esc(run.RunId)}[/]: {Esc(run.Status.ToString())}" + (run.StopReason is { } reason ? $" ({Esc(reason)})" : string.Empty));
        console.MarkupLine($"Best prompt: v{run.BestPrompt.Version} · final: v{run.FinalPrompt.Version} · {run.MetricHistory.Count} iterations · "
            + $"{run.Usage.Total.Calls:#,0} calls · {run.Usage.Total.InputTokens + run.Usage.Total.OutputTokens:#,0} tokens");
        if (provider.IsSimulator)
        {
            console.MarkupLine("[yellow]SIMULATED: these results come from the offline simulator, not a language model.[/]");
        }

        if (run.RunLocation is { } location)
        {
            console.MarkupLine($"Run folder: {Esc(location)}");
        }
    }
}
