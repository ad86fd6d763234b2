namespace PromptForge.Cli.Runs;

/// <summary>What a run folder holds, read tolerantly (older or partial runs still inspect): the manifest's status,
/// prompt history, metric history and usage, plus the run's configuration flags.</summary>
internal sealed class RunSnapshot
{
    public required string RunId { get; init; }

    public required string Directory { get; init; }

    public required string Status { get; init; }

    public int? BestPromptVersion { get; init; }

    public int? FinalPromptVersion { get; init; }

    public required IReadOnlyList<PromptSnapshot> Prompts { get; init; }

    public required IReadOnlyList<IterationSnapshot> Iterations { get; init; }

    public required UsageSummary Usage { get; init; }

    /// <summary>Gets a value indicating whether the run's model calls were served by the offline simulator.</summary>
    public bool Simulated { get; init; }

    /// <summary>Gets the provider and models the run used, as recorded in config.json (never a key).</summary>
    public string? ProviderDescription { get; init; }

    /// <summary>Gets the default model of the run (config.json), if recorded.</summary>
    public string? Model { get; init; }

    /// <summary>Gets per-role models (role kind or role tag to model), if recorded.</summary>
    public IReadOnlyDictionary<string, string> RoleModels { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the role tags whose calls went through a provider's batch API, and their price factor (config.json), if any.</summary>
    public IReadOnlySet<string> BatchedRoles { get; init; } = new HashSet<string>();

    /// <summary>Gets the price of batched calls relative to real-time ones (the Batch API's discount).</summary>
    public decimal BatchPriceFactor { get; init; } = 1m;

    /// <summary>Gets held-out evaluations recorded in the manifest (for example by <c>optimize</c>).</summary>
    public IReadOnlyList<EvaluationSnapshot> Evaluations { get; init; } = [];

    /// <summary>Gets the SIPDO cost table (role by level, held-out evaluation included), when the run recorded one.</summary>
    public Reporting.SipdoCostTable? CostTable { get; init; }

    /// <summary>Gets the held-out protocol line of a SIPDO run (split or full), when recorded.</summary>
    public string? EvaluationProtocol { get; init; }

    /// <summary>Gets the synthetic items a SIPDO run quarantined, with why.</summary>
    public IReadOnlyList<(string ItemId, string Reason)> Quarantined { get; init; } = [];

    /// <summary>Gets the error the run ended with, if any.</summary>
    public string? Error { get; init; }

    /// <summary>Gets every metric name seen in any iteration, in first-seen order.</summary>
    public IReadOnlyList<string> MetricNames =>
        Iterations.SelectMany(i => i.Metrics.Keys).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Gets the model that served a role tag: a model configured for that tag, else for the tag's kind
    /// (the tag's first segment, e.g. <c>critic</c>), else the run's default model.</summary>
    public string? ModelForRole(string roleTag)
    {
        if (RoleModels.TryGetValue(roleTag, out string? model))
        {
            return model;
        }

        int dot = roleTag.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 && RoleModels.TryGetValue(roleTag[..dot], out model) ? model : Model;
    }

    public PromptSnapshot? FindPrompt(int? version) => version is null ? null : Prompts.FirstOrDefault(p => p.Version == version);
}

internal sealed record PromptSnapshot(int Version, string Text, int? ParentVersion, string? Motivation, int Iteration, string Status, double? Score);

/// <summary>One iteration of the metric history. <c>Gate</c> is the acceptance gate's verdict on the candidate prompt measured
/// in this iteration ("accepted: reason" or "rejected: reason"), when there was one.</summary>
internal sealed record IterationSnapshot(
    int Iteration, int? PromptVersion, int? SampleCount, IReadOnlyDictionary<string, MetricValue> Metrics, string? Decision, string? Gate, double? Objective)
{
    /// <summary>Gets "accepted" or "rejected" from <see cref="Gate"/>.</summary>
    public string? GateVerdict => Gate is null ? null : Gate.Split(':', 2)[0].Trim();
}

internal sealed record UsageTotalsSnapshot(long Calls, long CachedCalls, long InputTokens, long OutputTokens);

internal sealed record UsageSummary(UsageTotalsSnapshot Total, IReadOnlyDictionary<string, UsageTotalsSnapshot> ByRole)
{
    public static UsageSummary Empty { get; } = new(new UsageTotalsSnapshot(0, 0, 0, 0), new Dictionary<string, UsageTotalsSnapshot>());
}

/// <summary>An accuracy measured on a held-out split, with its confidence interval.</summary>
/// <remarks><c>Unparseable</c> is how many answers could not be read (they count as wrong); null for runs that did not record it.</remarks>
internal sealed record EvaluationSnapshot(string Name, double Accuracy, double? IntervalLow, double? IntervalHigh, int? SampleSize, int? PromptVersion, int? Unparseable = null);

/// <summary>One sample of an iteration with every critic's verdict on it.</summary>
internal sealed record SampleSnapshot(
    string Id, int Iteration, string Input, string? Expected, IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<VerdictSnapshot> Verdicts);

internal sealed record VerdictSnapshot(string Critic, bool? Passed, string? Reason, IReadOnlyList<string> FailedAttributes);
