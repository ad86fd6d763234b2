using System.ComponentModel.DataAnnotations;

namespace PromptForge.Sipdo;

/// <summary>Options of the SIPDO method (generator, verification, optimizer bounds, curriculum and ablations).</summary>
public sealed class SipdoOptions
{
    /// <summary>Gets or sets the number of difficulty levels n.</summary>
    /// <value>Defaults to 10 (the paper uses 25 for hard tasks).</value>
    [Range(1, 1000)]
    public int Levels { get; set; } = 10;

    /// <summary>Gets or sets the curriculum.</summary>
    /// <value>Defaults to <see cref="SipdoCurriculumKind.Linear"/>.</value>
    public SipdoCurriculumKind Curriculum { get; set; } = SipdoCurriculumKind.Linear;

    /// <summary>Gets or sets how many rounds the adaptive curriculum may spend in total, as a multiple of <see cref="Levels"/>.</summary>
    /// <value>Defaults to 2.</value>
    [Range(1, 100)]
    public int AdaptiveRoundsPerLevel { get; set; } = 2;

    /// <summary>Gets or sets the number of independent verifier votes per synthetic item (0 disables verification).</summary>
    /// <value>Defaults to 3.</value>
    [Range(0, 25)]
    public int VerifierVotes { get; set; } = 3;

    /// <summary>Gets or sets how many votes must agree to keep an item; <see langword="null"/> requires all of them.</summary>
    /// <value>Defaults to <see langword="null"/> (unanimous).</value>
    [Range(1, 25)]
    public int? RequiredAgreeingVotes { get; set; }

    /// <summary>Gets or sets how many times an item may be written for one slot before the level is recorded as skipped.</summary>
    /// <value>Defaults to 3.</value>
    [Range(1, 50)]
    public int MaxGenerationAttempts { get; set; } = 3;

    /// <summary>Gets or sets the cosine similarity of input embeddings at or above which an item is a near duplicate of an earlier one.</summary>
    /// <value>Defaults to 0.95.</value>
    [Range(0.5, 1.0)]
    public double NearDuplicateSimilarity { get; set; } = 0.95;

    /// <summary>
    /// Gets or sets λ of adversarial selection: a candidate's score is λ·L(f(p_t, x̃), ỹ) − ΔKL, where L is 1 when the
    /// current prompt answers it wrongly and ΔKL how far its label moves the synthetic label shares from the real ones.
    /// 0 is pure label matching; larger values favor items the current prompt fails.
    /// </summary>
    /// <value>Defaults to 1.</value>
    [Range(0.0, 1000.0)]
    public double Lambda { get; set; } = 1;

    /// <summary>
    /// Gets or sets how many candidate items the generator writes per item; with more than one, the current prompt
    /// answers each (extra task calls) and adversarial selection keeps the best-scoring one that the verifiers confirm.
    /// </summary>
    /// <value>Defaults to 1 (the prompt-aware generator alone, no extra calls).</value>
    [Range(1, 16)]
    public int Candidates { get; set; } = 1;

    /// <summary>Gets or sets the number of characters of item history sent verbatim; beyond it the older history is condensed by the summarizer.</summary>
    /// <value>Defaults to 6000.</value>
    [Range(200, 1_000_000)]
    public int HistoryCharacterBudget { get; set; } = 6000;

    /// <summary>Gets or sets the maximum number of rewrites tried in one round before the round is recorded as failed.</summary>
    /// <value>Defaults to 5.</value>
    [Range(1, 100)]
    public int MaxRepairAttempts { get; set; } = 5;

    /// <summary>Gets or sets the longest prompt a rewrite may produce, in characters.</summary>
    /// <value>Defaults to 8000.</value>
    [Range(100, 1_000_000)]
    public int MaxPromptCharacters { get; set; } = 8000;

    /// <summary>
    /// Gets or sets the longest prompt a rewrite may produce, in tokens of the task model counted with
    /// <see cref="TokenCounter"/>, checked in addition to <see cref="MaxPromptCharacters"/>.
    /// </summary>
    /// <value>Defaults to <see langword="null"/>: only the character limit applies.</value>
    [Range(10, 1_000_000)]
    public int? MaxPromptTokens { get; set; }

    /// <summary>Gets or sets the counter of <see cref="MaxPromptTokens"/> (for example the tokenizer of the task model's family).</summary>
    /// <value>Defaults to <see langword="null"/>: <see cref="TokenCounters.Approximate"/> (characters / 4).</value>
    public ITokenCounter? TokenCounter { get; set; }

    /// <summary>Gets or sets the model <see cref="TokenCounter"/> counts for: the task model the prompt is written for.</summary>
    /// <value>Defaults to <see langword="null"/>: the counter's fallback for unknown models.</value>
    public string? TokenCounterModelId { get; set; }

    /// <summary>Gets or sets the most wrongly answered items shown to one error analysis call.</summary>
    /// <value>Defaults to 8.</value>
    [Range(1, 200)]
    public int MaxErrorsPerAnalysis { get; set; } = 8;

    /// <summary>Gets or sets the generator temperature, registered as the default of the role <c>sipdo.generator</c> (<c>ConfigureRole</c> overrides it).</summary>
    /// <value>Defaults to 0.5.</value>
    [Range(0.0, 2.0)]
    public float GeneratorTemperature { get; set; } = 0.5f;

    /// <summary>Gets or sets the verifier temperature (above zero so the votes are independent), the default of the role <c>sipdo.verifier</c>.</summary>
    /// <value>Defaults to 0.3.</value>
    [Range(0.0, 2.0)]
    public float VerifierTemperature { get; set; } = 0.3f;

    /// <summary>Gets or sets the summarizer temperature, the default of the role <c>sipdo.summarizer</c>.</summary>
    /// <value>Defaults to 0.</value>
    [Range(0.0, 2.0)]
    public float SummarizerTemperature { get; set; }

    /// <summary>Gets or sets the task model temperature: the default of the role <c>sipdo.task</c> in the loop, and the temperature <see cref="SipdoEvaluator"/> sends.</summary>
    /// <value>Defaults to 0.</value>
    [Range(0.0, 2.0)]
    public float TaskTemperature { get; set; }

    /// <summary>Gets or sets the error analysis temperature, the default of the role <c>sipdo.error_analysis</c> (<c>ConfigureRole</c> overrides it).</summary>
    /// <value>Defaults to 0.</value>
    [Range(0.0, 2.0)]
    public float ErrorAnalysisTemperature { get; set; }

    /// <summary>Gets or sets the improvement suggestion temperature, the default of the role <c>sipdo.suggestion</c> (<c>ConfigureRole</c> overrides it).</summary>
    /// <value>Defaults to 0.7.</value>
    [Range(0.0, 2.0)]
    public float SuggestionTemperature { get; set; } = 0.7f;

    /// <summary>Gets or sets the targeted rewrite temperature, the default of the role <c>sipdo.rewrite</c> (<c>ConfigureRole</c> overrides it).</summary>
    /// <value>Defaults to 0.</value>
    [Range(0.0, 2.0)]
    public float RewriteTemperature { get; set; }

    /// <summary>Gets or sets a value indicating whether items are written at increasing difficulty (ablation: <see langword="false"/> writes every item without a level).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool UseDifficultyGradient { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a rewrite must first fix the error slice (ablation switch).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool LocalConfirmation { get; set; } = true;

    /// <summary>Gets or sets a value indicating whether a rewrite must keep every synthetic item solved (ablation switch).</summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool GlobalConfirmation { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether a final round re-scores every kept prompt version on all synthetic items,
    /// so p* is the argmax of coverage on the same item set (ties: shorter, then later).
    /// </summary>
    /// <value>Defaults to <see langword="true"/>.</value>
    public bool SelectionRound { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether task calls follow the scheme before verdict reuse (for the bench only): no
    /// verdict reused, global confirmation after local confirmation, the selection round scoring the current prompt first.
    /// </summary>
    internal bool LegacyTaskScheduling { get; set; }

    /// <summary>Gets the deterministic validators run on every synthetic item before the verifier votes.</summary>
    public IList<ISampleValidator> Validators { get; } = [];

    /// <summary>Gets or sets the prompt templates.</summary>
    /// <value>Defaults to the embedded templates.</value>
    [Required]
    public SipdoPromptTemplates Templates { get; set; } = new();

    /// <summary>Lists every problem of these options.</summary>
    /// <returns>The problems; empty when the options are valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        var problems = results.Select(r => $"Sipdo {string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (RequiredAgreeingVotes is { } required && required > VerifierVotes)
        {
            problems.Add($"Sipdo RequiredAgreeingVotes ({required}) cannot exceed VerifierVotes ({VerifierVotes}).");
        }

        if (Validators.Any(v => v is null))
        {
            problems.Add("Sipdo Validators: must not contain null.");
        }

        if (Templates is not null)
        {
            problems.AddRange(Templates.Problems().Select(p => "Sipdo " + p));
        }

        return problems;
    }
}
