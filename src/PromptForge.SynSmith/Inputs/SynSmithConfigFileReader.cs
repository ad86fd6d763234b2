using System.Globalization;

namespace PromptForge.SynSmith;

/// <summary>Maps the reference's config.yaml keys onto <see cref="SynSmithConfigFile"/>; every key not read here is unknown.</summary>
internal static class SynSmithConfigFileReader
{
    internal static readonly string[] ModelSections =
        ["generator_llm", "verifier_llm", "discriminator_llm", "auditor_llm", "updater_llm", "pack_llm", "hunter_llm"];

    internal static readonly string[] CriticFlags =
        ["enable_verifier", "enable_discriminator", "enable_auditor", "enable_pack", "enable_mode_seeking", "enable_mode_hunter", "enable_coverage_hole"];

    public static void Read(SynSmithConfigFile config, YamlMapReader root, ProblemCollector problems, IReadOnlyDictionary<string, string>? inputPaths)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(config.ConfigPath)) ?? Directory.GetCurrentDirectory();
        var schemaPath = ResolveRequired(root, "schema_path", directory, problems, inputPaths);
        var realPath = ResolveRequired(root, "real_examples_path", directory, problems, inputPaths);
        config.SetPaths(schemaPath ?? string.Empty, realPath ?? string.Empty);

        config.SetRun(
            root.String("domain"),
            root.String("task_description"),
            root.Int("iterations", min: 0),
            root.Int("samples_per_iteration", min: 1),
            root.Int("seed"),
            root.String("run_dir"),
            InitialPrompt(root, config.Limits.MaxPromptChars));

        foreach (var section in ModelSections)
        {
            if (root.Map(section) is { } map)
            {
                config.Models[section] = new ConfigModelSection(
                    section,
                    map.String("backend"),
                    map.String("model"),
                    map.String("api_key_env"),
                    map.Double("temperature", 0, 2),
                    map.Int("max_tokens", min: 1),
                    map.Line)
                {
                    BaseUrl = map.String("base_url"),
                    BackendLine = map.Node("backend") is { } backend ? YamlMapReader.LineOf(backend) : map.Line,
                };
                map.ReportUnknownKeys();
            }
        }

        var c = config.Components;
        if (root.Map("planner") is { } planner)
        {
            c.PlannerLine = planner.Line;
            c.PlannerStrategy = planner.String("strategy");
            if (c.PlannerStrategy is not null && PlannerStrategyNames.TryParse(c.PlannerStrategy) is null)
            {
                planner.Report(planner.Node("strategy")!, "strategy", $"unknown strategy '{c.PlannerStrategy}' (allowed: stratified, coverage_gap, class_balanced)");
            }

            c.PlannerBatchSize = planner.Int("batch_size", min: 1);
            c.PlannerSeed = planner.Int("seed");
            planner.ReportUnknownKeys();
        }

        if (root.Map("generator") is { } generator)
        {
            c.FewShotCount = generator.Int("num_few_shot", min: 0);
            c.GeneratorTemperature = generator.Double("temperature", 0, 2);
            c.GeneratorMaxTokens = generator.Int("max_tokens", min: 1);
            c.GeneratorSeed = generator.Int("seed");
            c.VerbalizedSampling = generator.Bool("verbalized_sampling");
            c.VerbalizedCandidates = generator.Int("verbalized_k", min: 2);
            c.GeneratorSamplesPerCall = generator.Int("samples_per_call", min: 1);
            generator.ReportUnknownKeys();
        }

        // PromptForge's batching keys (the reference wrote and verified one sample per call): verifier.batch_size: 1 and
        // generator.samples_per_call: 1 reproduce it.
        if (root.Map("verifier") is { } verifier)
        {
            c.VerifierBatchSize = verifier.Int("batch_size", min: 1);
            verifier.ReportUnknownKeys();
        }

        if (root.Map("discriminator") is { } discriminator)
        {
            c.DiscriminatorMaxSamples = discriminator.Int("max_samples", min: 2);
            c.DiscriminatorSeed = discriminator.Int("seed");
            discriminator.ReportUnknownKeys();
        }

        if (root.Map("auditor") is { } auditor)
        {
            c.NearDuplicateThreshold = auditor.Double("near_duplicate_threshold", 0, 1);
            c.AuditorUseEmbeddings = auditor.Bool("use_embeddings");
            auditor.ReportUnknownKeys();
        }

        if (root.Map("pack_discriminator") is { } pack)
        {
            c.PackSize = pack.Int("pack_size", min: 1);
            c.PackComparisons = pack.Int("n_comparisons", min: 1);
            c.PackSeed = pack.Int("seed");
            c.PackComparisonsPerCall = pack.Int("comparisons_per_call", min: 1);
            pack.ReportUnknownKeys();
        }

        if (root.Map("mode_hunter") is { } hunter)
        {
            c.HunterMaxFindings = hunter.Int("max_findings_per_iter", min: 1);
            c.HunterMinRepeats = hunter.Int("min_repeats", min: 1);
            hunter.ReportUnknownKeys();
        }

        if (root.Map("mode_seeking") is { } modeSeeking)
        {
            c.ModeSeekingUseEmbeddings = modeSeeking.Bool("use_embeddings");
            modeSeeking.ReportUnknownKeys();
        }

        if (root.Map("coverage_hole") is { } hole)
        {
            c.CoverageHoleTopK = hole.Int("top_k", min: 1);
            hole.ReportUnknownKeys();
        }

        foreach (var flag in CriticFlags)
        {
            if (root.Bool(flag) is { } enabled)
            {
                c.EnabledCritics[flag] = enabled;
            }
        }

        c.EnableUpdater = root.Bool("enable_updater");
        c.RegenerateOnRejection = root.Bool("regen_on_rejection");
        c.RegenerationMaxExtraFraction = root.Double("regen_max_extra_frac", 0, 10);
        c.VerifierSiblingRejection = root.Bool("verifier_sibling_rejection");
        c.ConditionLabel = root.String("label");

        // The OpenAI Batch API is a hosting decision outside SynSmith: read here, acted on by the host (the CLI's --batch).
        c.UseBatchApi = root.Bool("use_batch_api");
        c.BatchModel = root.String("batch_model");
    }

    private static string? InitialPrompt(YamlMapReader root, int maxChars)
    {
        var prompt = root.String("initial_prompt");
        if (prompt is not null && prompt.Length > maxChars)
        {
            root.Report(root.Node("initial_prompt")!, "initial_prompt", string.Create(CultureInfo.InvariantCulture, $"the prompt is {prompt.Length:N0} characters; the limit is {maxChars:N0} ({nameof(SynSmithInputLimits.MaxPromptChars)})"));
            return null;
        }

        return prompt;
    }

    private static string? ResolveRequired(YamlMapReader root, string key, string directory, ProblemCollector problems, IReadOnlyDictionary<string, string>? inputPaths)
    {
        var declared = root.String(key);
        if (declared is null)
        {
            problems.Add(root.Line, key, "the key is required");
            return null;
        }

        if (inputPaths is not null && inputPaths.TryGetValue(key, out var replacement))
        {
            return replacement;
        }

        var resolved = SynSmithConfigFile.ResolveInputPath(directory, declared);
        if (resolved is null)
        {
            var tried = SynSmithConfigFile.InputPathCandidates(directory, declared).Distinct(StringComparer.Ordinal);
            root.Report(root.Node(key)!, key, $"'{declared}' was not found; tried: {string.Join(", ", tried)}");
        }

        return resolved;
    }
}
