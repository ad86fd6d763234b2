namespace PromptForge.SynSmith;

/// <summary>One <c>*_llm</c> section of the reference's config.yaml (backend and credentials are the host's business).</summary>
internal sealed record ConfigModelSection(string Section, string? Backend, string? Model, string? ApiKeyEnvironmentVariable, double? Temperature, int? MaxTokens, int Line)
{
    /// <summary>Gets the service URL (<c>base_url</c>), or null for the backend's default.</summary>
    public string? BaseUrl { get; init; }

    /// <summary>Gets the line of <c>backend:</c>, else of the section.</summary>
    public int BackendLine { get; init; } = Line;
}

/// <summary>The sections of the reference's config.yaml that tune SynSmith's components; null = not given.</summary>
internal sealed class ConfigComponentSections
{
    public string? PlannerStrategy { get; set; }

    public int? PlannerLine { get; set; }

    public int? PlannerBatchSize { get; set; }

    public int? PlannerSeed { get; set; }

    public int? FewShotCount { get; set; }

    public double? GeneratorTemperature { get; set; }

    public int? GeneratorMaxTokens { get; set; }

    public int? GeneratorSeed { get; set; }

    public bool? VerbalizedSampling { get; set; }

    public int? VerbalizedCandidates { get; set; }

    public int? DiscriminatorMaxSamples { get; set; }

    public int? DiscriminatorSeed { get; set; }

    public double? NearDuplicateThreshold { get; set; }

    public bool? AuditorUseEmbeddings { get; set; }

    public int? PackSize { get; set; }

    public int? PackComparisons { get; set; }

    public int? PackComparisonsPerCall { get; set; }

    public int? VerifierBatchSize { get; set; }

    public int? GeneratorSamplesPerCall { get; set; }

    public int? PackSeed { get; set; }

    public int? HunterMaxFindings { get; set; }

    public int? HunterMinRepeats { get; set; }

    public bool? ModeSeekingUseEmbeddings { get; set; }

    public int? CoverageHoleTopK { get; set; }

    public Dictionary<string, bool> EnabledCritics { get; } = new(StringComparer.Ordinal);

    public bool? EnableUpdater { get; set; }

    public bool? RegenerateOnRejection { get; set; }

    public double? RegenerationMaxExtraFraction { get; set; }

    public bool? VerifierSiblingRejection { get; set; }

    public string? ConditionLabel { get; set; }

    public bool? UseBatchApi { get; set; }

    public string? BatchModel { get; set; }
}
