using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Providers;
using PromptForge.Cli.Providers.Batch;
using PromptForge.Cli.Providers.Juries;
using PromptForge.Cli.Runs;
using PromptForge.Evaluation;
using PromptForge.SynSmith;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge synthesize &lt;config.yaml&gt;</c>: a SynSmith run on a SynSmith config file, read as the reference writes it,
/// ending with the final dataset (verified, de-duplicated samples with attributes and provenance) written into the run folder.
/// </summary>
internal static class SynthesizeCommand
{
    public const string Name = "synthesize";

    /// <summary>The final dataset as JSON Lines, in the run folder.</summary>
    public const string DatasetJsonl = "dataset.jsonl";

    /// <summary>The final dataset as CSV, in the run folder.</summary>
    public const string DatasetCsv = "dataset.csv";

    /// <summary>The manifest extra describing the final dataset.</summary>
    public const string DatasetExtra = "dataset";

    /// <summary>The manifest extra holding the downstream results on <c>--test-split</c>.</summary>
    public const string DownstreamExtra = "downstream";

    internal const string ConfigRole = "config";
    internal const string SchemaRole = "schema";
    internal const string RealExamplesRole = "real_examples";
    internal const string TestSplitRole = "test_split";

    private static readonly ModelRole[] SynSmithModelRoles =
    [
        SynSmithRoles.Generator, SynSmithRoles.AttributeVerifier, SynSmithRoles.RealismDiscriminator, SynSmithRoles.DiversityAuditor,
        SynSmithRoles.PackDiscriminator, SynSmithRoles.ModeHunter, SynSmithRoles.Updater,
    ];


    public static Command Create(CliEnvironment environment)
    {
        var config = new Argument<string>("config") { Description = "A SynSmith config.yaml (schema_path, real_examples_path, initial_prompt, iterations, ...)." };
        var condition = new Option<string?>("--condition")
        {
            Description = "The ablation condition: naive, few_shot, self_critique, realism_only, diversity_only, attribute_only, full_classic, full (default) or a leave-one-out no_pack, no_mode_seeking, no_mode_hunter, no_coverage_hole.",
        };
        var iterations = new Option<int?>("--iterations") { Description = "Iterations (overrides the config file)." };
        var samples = new Option<int?>("--samples-per-iteration") { Description = "Samples per iteration (overrides the config file)." };
        var testSplit = new Option<string?>("--test-split")
        {
            Description = "A held-out real test split (JSONL like the real examples): the final dataset's downstream macro F1 and worst-class F1, synthetic-only and real + synthetic.",
        };
        var includeRolledBack = new Option<bool>("--include-rolled-back")
        {
            Description = "Keep samples written by rolled-back prompt versions in the final dataset too (default: only the initial prompt's and accepted versions').",
        };
        var embeddingsOption = EmbeddingsOption.Create();
        var batch = new Option<bool>("--batch")
        {
            Description = "Send the generator's and the attribute verifier's calls through OpenAI's Batch API (half price, up to a day per stage; as the config's use_batch_api: true). Needs an OpenAI provider for those roles; the other critics stay real-time. Batches are journaled under the runs folder: a resumed run waits for its batches instead of submitting them again.",
        };
        var jury = new Option<string[]>("--jury")
        {
            Description = "A judge jury for an LLM critic: critic=juror,juror,... with critic attribute_verifier, realism_discriminator, pack_discriminator, mode_hunter or diversity_auditor; a juror is a model on the critic's provider (gpt-4o-mini) or on another vendor (anthropic:claude-3-5-haiku-latest, optionally @endpoint). Verdicts are aggregated (majority for the verifier and the mode hunter's phrases, mean accuracy for the discriminators, merged lists for the auditor's summary) and the jurors' agreement (Fleiss' kappa) is reported each iteration. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var batchPollInterval = new Option<double>("--batch-poll-interval") { Hidden = true, DefaultValueFactory = _ => 30 };
        var batchCollectWindow = new Option<double>("--batch-collect-window") { Hidden = true, DefaultValueFactory = _ => 2 };
        var embeddingsModel = EmbeddingsOption.CreateModel();
        var loop = new LoopCommand();
        var command = new Command(Name, "Run SynSmith: debug a synthetic-data generator prompt with critics, from a SynSmith config file.")
        {
            config, condition, iterations, samples, testSplit, includeRolledBack, embeddingsOption, embeddingsModel, batch, jury, batchPollInterval, batchCollectWindow,
        };
        loop.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            string configPath = result.GetRequiredValue(config);
            InputLimits limits = loop.ResolveLimits(result);
            RunInputs inputs = loop.Inputs(environment, result);
            SynSmithConfigFile file = LoadConfig(environment, configPath, limits, inputs);
            SynSmithCondition? chosen = null;
            string? excludedCritic = null;
            if (result.GetValue(condition) is { } name)
            {
                chosen = SynSmithConditionNames.TryParse(name, out SynSmithCondition parsed, out excludedCritic)
                    ? parsed
                    : throw new CliInputException($"unknown condition '{name}'.", field: "--condition");
            }

            string initialPrompt = file.InitialPrompt is { Length: > 0 } prompt
                ? prompt
                : throw new CliInputException("the config has no initial_prompt.", configPath, field: "initial_prompt");

            string? testSplitPath = result.GetValue(testSplit) is { } split ? inputs.PathFor(TestSplitRole, environment.ResolvePath(split)) : null;
            if (testSplitPath is not null && !File.Exists(testSplitPath))
            {
                throw new CliInputException("the test split does not exist.", result.GetValue(testSplit), field: "--test-split");
            }

            if (testSplitPath is not null)
            {
                inputs.Record(TestSplitRole, testSplitPath, limits.ExamplesBytes);
            }

            using EmbeddingsOption.Embedder embedder = EmbeddingsOption.Resolve(result.GetValue(embeddingsOption), result.GetValue(embeddingsModel));
            bool batched = result.GetValue(batch) || file.UseBatchApi;
            (IReadOnlyDictionary<string, IReadOnlyList<string>> jurors, IReadOnlyDictionary<string, ProviderConnection> jurorConnections) =
                JurySpec.Parse(result.GetValue(jury) ?? [], environment.GetEnvironmentVariable);
            bool simulated = false;
            SynSmithCondition finalCondition = SynSmithCondition.Full;
            (int exitCode, RunResult? finished, IRunStore runStore) = await loop.RunAsync(environment, result, Name, (builder, provider, _) =>
            {
                simulated = provider.IsSimulator;

                // One embedder for the critics' metrics and the downstream evaluation, named in config.json.
                builder.WithEmbeddingGenerator(embedder.For(provider)).WithRunConfiguration(EmbeddingsOption.ConfigurationSection, embedder.ToRunConfiguration());
                try
                {
                    builder.UseSynSmith(file, options =>
                    {
                        options.Condition = chosen ?? options.Condition;
                        if (excludedCritic is not null)
                        {
                            options.ExcludedCritics.Add(excludedCritic);
                        }

                        finalCondition = options.Condition;

                        if (jurors.TryGetValue("attribute_verifier", out IReadOnlyList<string>? verifierJury))
                        {
                            options.AttributeVerifier.Jurors = [.. verifierJury];
                        }

                        if (jurors.TryGetValue("realism_discriminator", out IReadOnlyList<string>? discriminatorJury))
                        {
                            options.RealismDiscriminator.Jurors = [.. discriminatorJury];
                        }

                        if (jurors.TryGetValue("pack_discriminator", out IReadOnlyList<string>? packJury))
                        {
                            options.PackDiscriminator.Jurors = [.. packJury];
                        }

                        if (jurors.TryGetValue("mode_hunter", out IReadOnlyList<string>? hunterJury))
                        {
                            options.ModeHunter.Jurors = [.. hunterJury];
                        }

                        if (jurors.TryGetValue("diversity_auditor", out IReadOnlyList<string>? auditorJury))
                        {
                            options.DiversityAuditor.Jurors = [.. auditorJury];
                        }
                    });
                }
                catch (SynSmithInputException ex)
                {
                    throw ToInputError(ex, configPath);
                }

                // Command-line values win over the config file's.
                if (result.GetValue(iterations) is { } n)
                {
                    builder.WithMaxIterations(n);
                }

                if (result.GetValue(samples) is { } k)
                {
                    builder.WithSamplesPerIteration(k);
                }

                if (result.GetValue(loop.Seed) is { } seed)
                {
                    builder.WithSeed(seed);
                }

                if (batched)
                {
                    // A batched call holds its concurrency slot until its batch ends: every call of a stage must be in
                    // flight at once to leave in one batch, not a few at a time, a day each.
                    builder.WithMaxConcurrency(1024);
                    if (file.BatchModel is { } batchModel && provider.RoleModels.Count == 0)
                    {
                        builder.ConfigureRole(SynSmithRoles.Generator.Tag, s => s.ModelId = batchModel);
                        builder.ConfigureRole(SynSmithRoles.AttributeVerifier.Tag, s => s.ModelId = batchModel);
                    }
                }

                // A role without a section falls back to generator_llm's model; on a role kind served by another
                // provider (another vendor's model names) it takes that provider's model instead.
                HashSet<string> sections = file.Backends.Select(b => b.Role.Tag).ToHashSet(StringComparer.Ordinal);
                foreach (ModelRole role in SynSmithModelRoles.Where(r => !sections.Contains(r.Tag)))
                {
                    if (provider.RoleConnections.TryGetValue(role.Kind, out ProviderConnection? own))
                    {
                        builder.ConfigureRole(role.Tag, s => s.ModelId = own.Model);
                    }
                }

                // After the overrides: a one-pass condition writes every sample in one iteration.
                builder.WithSynSmithSchedule(finalCondition);
                return ModelOverrides.Apply(builder, provider, SynSmithModelRoles);
            },
            initialPrompt,
            token,
            afterRun: (run, _, store, dryRun, ct) => dryRun ? Task.CompletedTask : WriteDatasetAsync(environment, file, run, store, testSplitPath, simulated, embedder, result.GetValue(includeRolledBack), ct),
            configSeed: file.Seed,
            inputs: inputs,
            configureProvider: (provider, runsDirectory) =>
            {
                if (jurors.Count > 0 && provider.IsSimulator)
                {
                    throw new CliInputException("--jury needs a model provider: the simulator is one judge.", field: "--jury");
                }

                provider = provider with { JurorConnections = jurorConnections };
                return batched
                    ? OpenAIBatchSettings.ForSynSmith(provider, runsDirectory, result.GetValue(batch) ? "--batch" : "use_batch_api", TimeSpan.FromSeconds(result.GetValue(batchPollInterval)), TimeSpan.FromSeconds(result.GetValue(batchCollectWindow)))
                    : provider;
            },
            providerFile: ProviderFileSettings.FromSynSmith(file.Backends, configPath)).ConfigureAwait(false);

            // An interrupted run gets no dataset (nothing is derived from it), but its completed iterations get their
            // reference-compatible files now, as a finished run's do.
            if (finished is { Status: RunStatus.Interrupted })
            {
                await WriteReferenceFilesAsync(file.LoadSchema(), finished, runStore, token).ConfigureAwait(false);
            }

            return exitCode;
        }, cancellationToken));
        return command;
    }

    /// <summary>Writes the reference-compatible files (reference/iter_NNN/) of every completed iteration of <paramref name="run"/>.</summary>
    private static async Task WriteReferenceFilesAsync(AttributeSchema schema, RunResult run, IRunStore store, CancellationToken cancellationToken)
    {
        var utf8 = new UTF8Encoding(false);
        foreach (var (path, content) in SynSmithReferenceFiles.Create(run, schema))
        {
            await store.WriteFileAsync(run.RunId, path, utf8.GetBytes(content), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes the run's final dataset (dataset.jsonl, dataset.csv) and the reference-compatible per-iteration files
    /// (reference/iter_NNN/) through the run store and records the dataset in the manifest.
    /// </summary>
    internal static async Task WriteDatasetAsync(
        CliEnvironment environment, SynSmithConfigFile file, RunResult run, IRunStore store, string? testSplitPath, bool simulated, EmbeddingsOption.Embedder embedder, bool includeRolledBack, CancellationToken cancellationToken)
    {
        AttributeSchema schema = file.LoadSchema();
        var utf8 = new UTF8Encoding(false);
        await WriteReferenceFilesAsync(schema, run, store, cancellationToken).ConfigureAwait(false);

        // Conditions without an attribute verifier (naive, few_shot, ...) have no verified samples: keep the unjudged ones, marked unverified.
        bool hasVerifier = SynSmithDatasetExporter.RanAttributeVerifier(run);
        IReadOnlyList<ExportedSample> dataset = SynSmithDatasetExporter.Collect(run, schema, includeUnverified: !hasVerifier, includeRolledBack);
        await store.WriteFileAsync(run.RunId, DatasetJsonl, utf8.GetBytes(SynSmithDatasetExporter.ToJsonl(dataset)), cancellationToken).ConfigureAwait(false);
        await store.WriteFileAsync(run.RunId, DatasetCsv, utf8.GetBytes(SynSmithDatasetExporter.ToCsv(dataset, schema)), cancellationToken).ConfigureAwait(false);

        RunManifest? manifest = await store.ReadJsonAsync(run.RunId, RunLocation.ManifestFile, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        if (manifest is not null)
        {
            var record = new JsonObject
            {
                ["count"] = dataset.Count,
                ["verified_only"] = hasVerifier,
                ["jsonl"] = DatasetJsonl,
                ["csv"] = DatasetCsv,
                ["synthetic_samples"] = run.Samples.Count(s => s.Provenance.Origin == SampleOrigin.Synthetic),
                ["include_rolled_back"] = includeRolledBack,
                ["reference_files"] = SynSmithReferenceFiles.Folder,
            };
            manifest.Extras[DatasetExtra] = JsonSerializer.SerializeToElement(record, PromptForgeJsonContext.Default.JsonObject);
            if (testSplitPath is not null)
            {
                manifest.Extras[DownstreamExtra] = JsonSerializer.SerializeToElement(
                    await DownstreamAsync(environment, file, schema, dataset, testSplitPath, simulated, embedder, cancellationToken).ConfigureAwait(false),
                    PromptForgeJsonContext.Default.JsonObject);
            }

            await store.WriteJsonAsync(run.RunId, RunLocation.ManifestFile, manifest, PromptForgeJsonContext.Default.RunManifest, cancellationToken).ConfigureAwait(false);
        }

        string where = store.GetRunLocation(run.RunId) is { } location ? environment.DisplayPath(Path.Combine(location, DatasetJsonl)) : DatasetJsonl;
        environment.Console.MarkupLine($"Dataset: {dataset.Count} {(hasVerifier ? "verified, de-duplicated" : "de-duplicated (no verifier in this condition)")} samples written to {Esc(where)} (and {DatasetCsv})");
    }

    /// <summary>The final dataset's downstream classifier results on the test split, printed and returned for the manifest.</summary>
    private static async Task<JsonObject> DownstreamAsync(
        CliEnvironment environment, SynSmithConfigFile file, AttributeSchema schema, IReadOnlyList<ExportedSample> dataset, string testSplitPath, bool simulated, EmbeddingsOption.Embedder embedder, CancellationToken cancellationToken)
    {
        RealExampleSet test;
        try
        {
            test = RealExampleSet.Load(testSplitPath, schema, file.Limits);
        }
        catch (SynSmithInputException ex)
        {
            throw ToInputError(ex, testSplitPath);
        }

        // The run's embedder (--embeddings) and logistic regression at scikit-learn's defaults (C = 1).
        DownstreamResult downstream = await SynSmithDownstream.EvaluateAsync(dataset, file.LoadRealExamples(schema), test, embedder.Generator, cancellationToken: cancellationToken).ConfigureAwait(false);
        var record = new JsonObject { ["test_size"] = downstream.TestSize, ["simulated"] = simulated, [EmbeddingsOption.ConfigurationSection] = embedder.ToRunConfiguration() };
        environment.Console.MarkupLine($"Downstream on {downstream.TestSize} held-out real examples, embeddings {Esc(embedder.Label)}, logistic regression C = 1" + (simulated ? " [yellow](SIMULATED: trained on simulator samples)[/]" : string.Empty) + ":");
        foreach (string name in new[] { DownstreamEvaluation.SyntheticOnly, DownstreamEvaluation.RealPlusSynthetic, DownstreamEvaluation.RealOnly })
        {
            if (downstream[name] is not { } condition)
            {
                continue;
            }

            record[name] = new JsonObject
            {
                ["accuracy"] = condition.Report.Accuracy.Value,
                ["macro_f1"] = condition.Report.MacroF1.Value,
                ["worst_class_f1"] = condition.Report.WorstClassF1.Value,
                ["worst_class"] = condition.Report.WorstClass,
                ["train_size"] = condition.TrainSize,
            };
            environment.Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-20} accuracy {Format(condition.Report.Accuracy)}  macro F1 {Format(condition.Report.MacroF1)}  worst-class F1 {Format(condition.Report.WorstClassF1)}  (train {condition.TrainSize}, {embedder.Choice})"));
        }

        return record;
    }

    private static string Format(MetricValue value) => value.Value is { } v ? v.ToString("F3", CultureInfo.InvariantCulture) : "n/a";

    /// <summary>
    /// Reads the config with the input limits. A new run records the config, schema and real examples (copied into the run
    /// folder); a resumed run reads its frozen copies instead of the original paths, from any working directory.
    /// </summary>
    private static SynSmithConfigFile LoadConfig(CliEnvironment environment, string configArgument, InputLimits limits, RunInputs inputs)
    {
        string path = inputs.PathFor(ConfigRole, environment.ResolvePath(configArgument));
        string displayPath = inputs.HasCopy(ConfigRole) ? environment.DisplayPath(path) : configArgument;
        if (!File.Exists(path))
        {
            throw new CliInputException("the config file does not exist.", displayPath);
        }

        Dictionary<string, string>? frozenPaths = inputs.HasCopy(SchemaRole) && inputs.HasCopy(RealExamplesRole)
            ? new(StringComparer.Ordinal) { ["schema_path"] = inputs.PathFor(SchemaRole, string.Empty), ["real_examples_path"] = inputs.PathFor(RealExamplesRole, string.Empty) }
            : null;
        SynSmithConfigFile file;
        try
        {
            file = SynSmithConfigFile.Load(path, limits.ToSynSmith(), frozenPaths);
        }
        catch (SynSmithInputException ex)
        {
            throw ToInputError(ex, displayPath);
        }

        string configDirectory = Path.GetDirectoryName(file.ConfigPath)!;
        inputs.Record(ConfigRole, file.ConfigPath, limits.ConfigBytes);
        inputs.Record(SchemaRole, file.SchemaPath, limits.SchemaBytes, configDirectory);
        inputs.Record(RealExamplesRole, file.RealExamplesPath, limits.ExamplesBytes, configDirectory);
        return file;
    }

    /// <summary>One message for every problem listed (at most --limit problems of one file), then how many more there were.</summary>
    internal static CliInputException ToInputError(SynSmithInputException ex, string displayPath)
    {
        string more = ex.UnlistedProblemCount > 0 ? "\n  and " + ex.UnlistedProblemCount.ToString("N0", CultureInfo.InvariantCulture) + " more" : string.Empty;
        return ex.Problems switch
        {
            [var only] when ex.UnlistedProblemCount == 0 => new CliInputException(InputLimits.Explain(only.Message), only.File, only.Line, only.Field, ex),
            { Count: > 0 } problems => new CliInputException(
                (problems.Count + ex.UnlistedProblemCount).ToString("N0", CultureInfo.InvariantCulture) + " problems:\n  "
                    + string.Join("\n  ", problems.Select(p => new CliInputException(InputLimits.Explain(p.Message), p.File, p.Line, p.Field).ToDisplayString())) + more,
                innerException: ex),
            _ => new CliInputException(ex.Message, displayPath, innerException: ex),
        };
    }
}
