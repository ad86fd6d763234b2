using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Settings of a prompt loop, bindable from configuration (section <c>PromptForge:Loop</c>).</summary>
public sealed class PromptLoopOptions
{
    /// <summary>Gets or sets the maximum number of iterations.</summary>
    /// <value>10 by default.</value>
    [Range(1, 100_000)]
    public int MaxIterations { get; set; } = 10;

    /// <summary>Gets or sets how many samples the generator is asked for per iteration.</summary>
    /// <value>1 by default (SIPDO writes one sample per round; SynSmith sets its batch size).</value>
    [Range(1, 1_000_000)]
    public int SamplesPerIteration { get; set; } = 1;

    /// <summary>Gets or sets how many model calls may run at once.</summary>
    /// <value>8 by default.</value>
    [Range(1, 1024)]
    public int MaxConcurrency { get; set; } = 8;

    /// <summary>Gets or sets the run seed; every random choice derives from it.</summary>
    /// <value>0 by default.</value>
    public int Seed { get; set; }

    /// <summary>
    /// Gets or sets the largest share of an iteration's model calls that may end in a model-content failure (a content
    /// refusal, or malformed output after repair) before the run stops as <see cref="RunStatus.Interrupted"/>.
    /// </summary>
    /// <value>
    /// 0.25 by default. Up to this share, content failures become rejected samples or critic errors and are counted in
    /// <see cref="IterationRecord.ContentFailureCount"/>; above it the iteration is discarded, because its measurements
    /// would rest on too small a part of what was asked. 1 never stops for content failures.
    /// </value>
    [Range(0.0, 1.0)]
    public double MaxContentFailureShare { get; set; } = 0.25;

    /// <summary>Gets or sets the run budget.</summary>
    /// <value>No limits by default.</value>
    public LoopBudget Budget { get; set; } = new();

    /// <summary>
    /// Gets or sets per-role call settings keyed by role tag (for example <c>sipdo.suggestion</c>) or role kind
    /// (<c>generator</c>, <c>task</c>, <c>critic</c>, <c>updater</c>). They override the packages' defaults.
    /// </summary>
    /// <value>Empty by default.</value>
    public IDictionary<string, ModelCallSettings> Roles { get; set; } = new Dictionary<string, ModelCallSettings>(StringComparer.Ordinal);

    /// <summary>Lists every problem with these options.</summary>
    /// <returns>The problems; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        problems.AddRange(results.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        if (Budget is null)
        {
            problems.Add("Budget: must not be null.");
        }
        else
        {
            problems.AddRange(Budget.Validate());
        }

        foreach (var (key, settings) in Roles ?? new Dictionary<string, ModelCallSettings>())
        {
            var roleResults = new List<ValidationResult>();
            if (settings is null)
            {
                problems.Add($"Roles:{key}: must not be null.");
                continue;
            }

            Validator.TryValidateObject(settings, new ValidationContext(settings), roleResults, validateAllProperties: true);
            problems.AddRange(roleResults.Select(r => $"Roles:{key}:{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}"));
        }

        return problems;
    }

    internal PromptLoopOptions Clone() => new()
    {
        MaxIterations = MaxIterations,
        SamplesPerIteration = SamplesPerIteration,
        MaxConcurrency = MaxConcurrency,
        Seed = Seed,
        MaxContentFailureShare = MaxContentFailureShare,
        Budget = Budget.Clone(),
        Roles = Roles.ToDictionary(kv => kv.Key, kv => kv.Value.Clone(), StringComparer.Ordinal),
    };
}
