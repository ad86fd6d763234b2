namespace PromptForge.SynSmith;

/// <summary>Applies the reference's config.yaml to a loop builder and to <see cref="SynSmithOptions"/> (reference defect 8: its temperatures and token limits were ignored).</summary>
internal static class SynSmithConfigFileMapping
{
    internal static readonly (string Section, ModelRole Role)[] Sections =
    [
        ("generator_llm", SynSmithRoles.Generator),
        ("verifier_llm", SynSmithRoles.AttributeVerifier),
        ("discriminator_llm", SynSmithRoles.RealismDiscriminator),
        ("auditor_llm", SynSmithRoles.DiversityAuditor),
        ("updater_llm", SynSmithRoles.Updater),
        ("pack_llm", SynSmithRoles.PackDiscriminator),
        ("hunter_llm", SynSmithRoles.ModeHunter),
    ];

    private static readonly (string Flag, string Critic)[] Flags =
    [
        ("enable_verifier", SynSmithCriticNames.AttributeVerifier),
        ("enable_discriminator", SynSmithCriticNames.RealismDiscriminator),
        ("enable_auditor", SynSmithCriticNames.DiversityAuditor),
        ("enable_pack", SynSmithCriticNames.PackDiscriminator),
        ("enable_mode_seeking", SynSmithCriticNames.ModeSeeking),
        ("enable_mode_hunter", SynSmithCriticNames.ModeHunter),
        ("enable_coverage_hole", SynSmithCriticNames.CoverageHoleFinder),
    ];

    /// <summary>Applies seed, counts and the per-role settings.</summary>
    /// <param name="config">The configuration file.</param>
    /// <param name="builder">The builder.</param>
    /// <param name="options">
    /// The final options: the reference wrote ONE sample per generator call and verified ONE sample per verifier call,
    /// so its token limits of those two roles are per sample and are multiplied by the samples one of our calls
    /// carries (otherwise a batched verifier reply would be cut off mid-JSON at the reference's 400 tokens).
    /// </param>
    public static void ApplyLoopSettings(SynSmithConfigFile config, PromptLoopBuilder builder, SynSmithOptions options)
    {
        if (config.Seed is { } seed)
        {
            builder.WithSeed(seed);
        }

        if (config.Iterations is > 0 and var iterations)
        {
            builder.WithMaxIterations(iterations);
        }

        if (config.SamplesPerIteration is { } samples)
        {
            builder.WithSamplesPerIteration(samples);
        }

        config.Models.TryGetValue("generator_llm", out var generatorSection);
        foreach (var (section, role) in Sections)
        {
            config.Models.TryGetValue(section, out var settings);
            var temperature = settings?.Temperature;
            var maxTokens = settings?.MaxTokens;
            if (role == SynSmithRoles.Generator)
            {
                // The generator: block's values are the ones the reference's generator passes per call.
                temperature = config.Components.GeneratorTemperature ?? temperature;
                maxTokens = config.Components.GeneratorMaxTokens ?? maxTokens;
            }

            var samplesPerCall = role == SynSmithRoles.Generator ? options.Generator.SamplesPerCall
                : role == SynSmithRoles.AttributeVerifier ? options.AttributeVerifier.BatchSize
                : 1;
            maxTokens *= samplesPerCall;
            var model = settings?.Model ?? generatorSection?.Model;
            if (temperature is null && maxTokens is null && model is null)
            {
                continue;
            }

            builder.ConfigureRole(role.Tag, s =>
            {
                s.Temperature = temperature is { } t ? (float)t : s.Temperature;
                s.MaxOutputTokens = maxTokens ?? s.MaxOutputTokens;
                s.ModelId = model ?? s.ModelId;
            });
        }
    }

    public static void ApplyOptions(SynSmithConfigFile config, SynSmithOptions options)
    {
        var c = config.Components;
        if (c.ConditionLabel is { } label && SynSmithConditionNames.TryParse(label, out var condition, out var excluded))
        {
            options.Condition = condition;
            if (excluded is not null)
            {
                options.ExcludedCritics.Add(excluded);
            }
        }

        if (c.PlannerStrategy is { } strategy && PlannerStrategyNames.TryParse(strategy) is { } parsed)
        {
            options.PlannerStrategy = parsed;
        }

        options.Generator.StyleAnchorsPerClass = c.FewShotCount ?? options.Generator.StyleAnchorsPerClass;
        options.Generator.VerbalizedSampling = c.VerbalizedSampling ?? options.Generator.VerbalizedSampling;
        options.Generator.VerbalizedCandidates = c.VerbalizedCandidates ?? options.Generator.VerbalizedCandidates;
        options.Generator.RegenerateRejectedLabels = c.RegenerateOnRejection ?? options.Generator.RegenerateRejectedLabels;
        options.RealismDiscriminator.MaxTextsPerBatch = c.DiscriminatorMaxSamples ?? options.RealismDiscriminator.MaxTextsPerBatch;
        options.DiversityAuditor.NearDuplicateThreshold = c.NearDuplicateThreshold ?? options.DiversityAuditor.NearDuplicateThreshold;
        options.PackDiscriminator.PackSize = c.PackSize ?? options.PackDiscriminator.PackSize;
        options.PackDiscriminator.Comparisons = c.PackComparisons ?? options.PackDiscriminator.Comparisons;
        options.PackDiscriminator.ComparisonsPerCall = c.PackComparisonsPerCall ?? options.PackDiscriminator.ComparisonsPerCall;
        options.AttributeVerifier.BatchSize = c.VerifierBatchSize ?? options.AttributeVerifier.BatchSize;
        options.Generator.SamplesPerCall = c.GeneratorSamplesPerCall ?? options.Generator.SamplesPerCall;
        options.ModeHunter.MaxFindingsPerIteration = c.HunterMaxFindings ?? options.ModeHunter.MaxFindingsPerIteration;
        options.ModeHunter.MinRepeats = c.HunterMinRepeats ?? options.ModeHunter.MinRepeats;
        options.CoverageHoleFinder.TopK = c.CoverageHoleTopK ?? options.CoverageHoleFinder.TopK;
        foreach (var (flag, critic) in Flags)
        {
            if (c.EnabledCritics.TryGetValue(flag, out var enabled) && !enabled)
            {
                options.ExcludedCritics.Add(critic);
            }
        }

        if (c.EnableUpdater == false && options.Condition == SynSmithCondition.Full)
        {
            // The reference's updater switch without a label is the naive condition's behaviour.
            options.Condition = SynSmithCondition.Naive;
        }

    }
}
