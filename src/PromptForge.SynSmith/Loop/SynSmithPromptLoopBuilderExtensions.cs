using System.Globalization;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>Composes a SynSmith run on a <see cref="PromptLoopBuilder"/>.</summary>
public static class SynSmithPromptLoopBuilderExtensions
{
    /// <summary>
    /// Makes the loop a SynSmith run: the generator prompt is optimized by the critics of the chosen condition; the
    /// planner-driven generator, the critics, the prompt updater (for rewriting conditions), the acceptance gate
    /// and the objective are registered, with the reference's temperatures and token limits as per-role defaults
    /// (each can be overridden with <see cref="PromptLoopBuilder.ConfigureRole(string, Action{ModelCallSettings})"/>).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="realExamples">The real examples (non-empty, labels in the schema).</param>
    /// <param name="configure">Configures the options.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="schema"/> or <paramref name="realExamples"/> is <see langword="null"/>.</exception>
    /// <remarks>Invalid options or inputs are reported by <see cref="PromptLoopBuilder.Build"/>, all at once.</remarks>
    public static PromptLoopBuilder UseSynSmith(this PromptLoopBuilder builder, AttributeSchema schema, RealExampleSet realExamples, Action<SynSmithOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(realExamples);
        var options = new SynSmithOptions();
        configure?.Invoke(options);
        var problems = options.Validate().Concat(InputProblems(schema, realExamples, options)).ToArray();
        if (problems.Length > 0)
        {
            // Nothing is registered: Build() reports these problems (and any others) together.
            foreach (var problem in problems)
            {
                builder.AddConfigurationProblem("SynSmith: " + problem);
            }

            return builder;
        }

        var data = new SynSmithData(schema, realExamples, options);

        builder.WithGenerator(new SynSmithGenerator(data));
        var active = options.ActiveCritics();
        var all = CreateCritics(data, SynSmithCriticNames.All);
        foreach (var critic in all.Where(c => active.Contains(c.Name)))
        {
            builder.WithCritic(critic);
        }

        builder.WithCritic(new DistributionMetrics(realExamples));
        builder.WithCritic(new GenerationLogCritic());
        var inactive = all.Where(c => !active.Contains(c.Name)).ToArray();
        if (inactive.Length > 0)
        {
            builder.WithCritic(new InactiveCriticsReport(inactive, SynSmithConditionNames.ToName(options.Condition)));
        }

        if (options.RewritesPrompt)
        {
            builder.WithPromptUpdater(new SynSmithPromptUpdater(data));
            builder.WithCritic(new GateMeasurementCritic(data));
        }

        builder.WithAcceptanceGate(new SynSmithAcceptanceGate(options.Gate));
        builder.WithObjective(new SynSmithObjective(options.Gate, active));
        foreach (var (role, temperature, maxTokens) in SynSmithRoles.Defaults)
        {
            builder.WithRoleDefaults(role.Tag, new ModelCallSettings { Temperature = temperature, MaxOutputTokens = maxTokens });
        }

        builder.WithRunConfiguration("synsmith", Describe(schema, realExamples, options));
        return builder;
    }

    /// <summary>
    /// Makes the loop a SynSmith run from the reference's <c>config.yaml</c>: schema and real examples from its paths;
    /// seed, iterations and samples per iteration; the temperature, token limit and model of each <c>*_llm</c>
    /// section as the settings of the matching role (a missing section takes the generator's model but keeps the
    /// role's own temperature); planner strategy, critic options, <c>enable_*</c> flags (as left-out critics) and the
    /// condition <c>label</c>. The reference wrote and verified one sample per call, so the generator's and the
    /// verifier's token limits are multiplied by the samples per call (<see cref="SynSmithGeneratorOptions.SamplesPerCall"/>,
    /// <see cref="AttributeVerifierOptions.BatchSize"/>). <paramref name="configure"/> runs after the file's options and
    /// can override any of them.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configFile">The configuration file.</param>
    /// <param name="configure">Configures the options after the file is applied.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="configFile"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The schema or the real examples are invalid.</exception>
    public static PromptLoopBuilder UseSynSmith(this PromptLoopBuilder builder, SynSmithConfigFile configFile, Action<SynSmithOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configFile);
        var schema = configFile.LoadSchema();
        var real = configFile.LoadRealExamples(schema);
        var configured = new SynSmithOptions();
        builder.UseSynSmith(schema, real, options =>
        {
            SynSmithConfigFileMapping.ApplyOptions(configFile, options);
            configure?.Invoke(options);
            configured = options;
        });

        // After the options: per-sample token limits become per-call limits for the configured batch sizes.
        SynSmithConfigFileMapping.ApplyLoopSettings(configFile, builder, configured);
        return builder;
    }

    /// <summary>
    /// Applies a condition's schedule; call it once the iterations and samples per iteration are final. The one-pass
    /// conditions (<see cref="SynSmithCondition.Naive"/>, <see cref="SynSmithCondition.FewShot"/>) run one iteration, as
    /// the reference's baselines do, and write iterations × samples per iteration in it, so every condition ends with the
    /// same number of samples; the other conditions are left unchanged.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="condition">The condition the run uses.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> is <see langword="null"/>.</exception>
    public static PromptLoopBuilder WithSynSmithSchedule(this PromptLoopBuilder builder, SynSmithCondition condition)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (SynSmithOptions.IsOnePass(condition) && builder.Options.MaxIterations > 1)
        {
            var total = (long)builder.Options.MaxIterations * builder.Options.SamplesPerIteration;
            builder.WithSamplesPerIteration((int)Math.Min(total, int.MaxValue)).WithMaxIterations(1);
            builder.WithRunConfiguration("synsmith_schedule", new JsonObject { ["one_pass"] = true, ["samples"] = total });
        }

        return builder;
    }

    internal static IReadOnlyList<CriticBase> CreateCritics(SynSmithData data, IEnumerable<string> names)
    {
        var options = data.Options;
        var critics = new List<CriticBase>();
        foreach (var name in names)
        {
            critics.Add(name switch
            {
                SynSmithCriticNames.AttributeVerifier => new AttributeVerifier(data.Schema, data.Real, options.AttributeVerifier),
                SynSmithCriticNames.RealismDiscriminator => new RealismDiscriminator(data.Schema, data.Real, options.RealismDiscriminator),
                SynSmithCriticNames.DiversityAuditor => new DiversityAuditor(data.Schema, options.DiversityAuditor, options.AuditorUsesModel),
                SynSmithCriticNames.PackDiscriminator => new PackDiscriminator(data.Schema, data.Real, options.PackDiscriminator),
                SynSmithCriticNames.ModeSeeking => new ModeSeekingCritic(data.Schema, data.Real, options.ModeSeeking),
                SynSmithCriticNames.ModeHunter => new ModeHunter(data.Schema, data.Real, options.ModeHunter),
                _ => new CoverageHoleFinder(data.Real, options.CoverageHoleFinder),
            });
        }

        return critics;
    }

    private static IEnumerable<string> InputProblems(AttributeSchema schema, RealExampleSet real, SynSmithOptions options)
    {
        if (!ReferenceEquals(real.Schema, schema))
        {
            foreach (var label in real.Select(r => r.Label).Distinct(StringComparer.Ordinal).Where(l => !schema.Labels.Contains(l, StringComparer.Ordinal)))
            {
                yield return $"real example label '{label}' is not a value of the schema's label attribute '{schema.LabelAttribute}'.";
            }
        }

        var active = options.ActiveCritics();
        if (active.Contains(SynSmithCriticNames.CoverageHoleFinder) && real.Count < options.CoverageHoleFinder.Folds)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"the coverage-hole finder's {options.CoverageHoleFinder.Folds}-fold cross-validation needs at least {options.CoverageHoleFinder.Folds} real examples; there are {real.Count}.");
        }

        if ((active.Contains(SynSmithCriticNames.RealismDiscriminator) || active.Contains(SynSmithCriticNames.PackDiscriminator)) && real.Count < 2)
        {
            yield return "the realism and pack discriminators need at least 2 real examples.";
        }

        foreach (var (target, index) in options.TargetedCombinations.Select((t, i) => (t, i)).Where(p => p.t is null || !schema.IsValid(p.t)))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"targeted combination {index} names an unknown attribute or value, or matches an invalid combination.");
        }
    }

    private static JsonObject Describe(AttributeSchema schema, RealExampleSet real, SynSmithOptions options) => new()
    {
        ["condition"] = SynSmithConditionNames.ToName(options.Condition),
        ["critics"] = SynSmithData.Strings(options.ActiveCritics()),
        ["excluded_critics"] = SynSmithData.Strings(options.ExcludedCritics),
        ["rewrites_prompt"] = options.RewritesPrompt,
        ["planner_strategy"] = PlannerStrategyNames.ToName(options.PlannerStrategy),
        ["targeted_combinations"] = new JsonArray(options.TargetedCombinations.Select(t => (JsonNode)SynSmithData.AttributesJson(t)).ToArray()),
        ["schema"] = new SynSmithData(schema, real, options).SchemaJson(),
        ["real_examples"] = new JsonObject { ["source"] = real.Source, ["count"] = real.Count },
        ["generator"] = new JsonObject
        {
            ["samples_per_call"] = options.Generator.SamplesPerCall,
            ["style_anchors_per_class"] = options.StyleAnchorsPerClass,
            ["verbalized_sampling"] = options.Generator.VerbalizedSampling,
            ["verbalized_candidates"] = options.Generator.VerbalizedCandidates,
            ["regenerate_rejected_labels"] = options.Generator.RegenerateRejectedLabels,
        },
        ["attribute_verifier"] = new JsonObject
        {
            ["batch_size"] = options.AttributeVerifier.BatchSize,
            ["same_class_anchors"] = options.AttributeVerifier.SameClassAnchors,
            ["sibling_class_anchors"] = options.AttributeVerifier.SiblingClassAnchors,
        },
        ["realism_discriminator"] = new JsonObject { ["max_texts_per_batch"] = options.RealismDiscriminator.MaxTextsPerBatch },
        ["diversity_auditor"] = new JsonObject
        {
            ["near_duplicate_threshold"] = options.DiversityAuditor.NearDuplicateThreshold,
            ["comparison_subsample_size"] = options.DiversityAuditor.ComparisonSubsampleSize,
            ["model_summary"] = options.AuditorUsesModel,
        },
        ["pack_discriminator"] = new JsonObject
        {
            ["pack_size"] = options.PackDiscriminator.PackSize,
            ["comparisons"] = options.PackDiscriminator.Comparisons,
            ["comparisons_per_call"] = options.PackDiscriminator.ComparisonsPerCall,
        },
        ["mode_seeking"] = new JsonObject { ["subsample_size"] = options.ModeSeeking.SubsampleSize },
        ["mode_hunter"] = new JsonObject
        {
            ["max_findings_per_iteration"] = options.ModeHunter.MaxFindingsPerIteration,
            ["min_repeats"] = options.ModeHunter.MinRepeats,
            ["real_texts_shown"] = options.ModeHunter.RealTextsShown,
        },
        ["coverage_hole_finder"] = new JsonObject { ["folds"] = options.CoverageHoleFinder.Folds, ["top_k"] = options.CoverageHoleFinder.TopK },
        ["updater"] = new JsonObject { ["history_window"] = options.Updater.HistoryWindow },
        ["gate"] = new JsonObject
        {
            ["mode"] = options.Gate.Mode == SynSmithGateMode.Pareto ? "pareto" : "weighted_objective",
            ["fidelity_weight"] = options.Gate.FidelityWeight,
            ["realism_weight"] = options.Gate.RealismWeight,
            ["diversity_weight"] = options.Gate.DiversityWeight,
            ["pack_weight"] = options.Gate.PackWeight,
            ["mode_seeking_weight"] = options.Gate.ModeSeekingWeight,
            ["coverage_weight"] = options.Gate.CoverageWeight,
            ["banned_phrasing_weight"] = options.Gate.BannedPhrasingWeight,
            ["minimum_effect"] = options.Gate.MinimumEffect,
            ["confidence_level"] = options.Gate.ConfidenceLevel,
            ["bootstrap_resamples"] = options.Gate.BootstrapResamples,
            ["bootstrap_seed"] = options.Gate.BootstrapSeed,
            ["paired_measurement"] = options.Gate.PairedMeasurement,
        },
    };
}
