namespace PromptForge.Sipdo;

/// <summary>
/// What an <see cref="ISampleValidator"/> checks: the synthetic sample exactly as it would be kept (and saved in
/// <c>samples.jsonl</c>), plus its per-item choices as a typed list.
/// </summary>
/// <remarks>
/// The choices travel in <see cref="PromptForge.Sample.Metadata"/> as JSON; they are given here as a list so a validator
/// needs neither the metadata key nor a JSON parse. A context rather than a bare <see cref="PromptForge.Sample"/> also
/// lets later versions add to what validators see without breaking existing implementations.
/// </remarks>
public sealed class SampleValidationContext
{
    /// <summary>Initializes a new instance of the <see cref="SampleValidationContext"/> class (the generator creates it; tests of a validator may too).</summary>
    /// <param name="sample">The synthetic sample to check.</param>
    /// <param name="choices">The sample's per-item choices, or <see langword="null"/> when the task lists none per item.</param>
    /// <exception cref="ArgumentNullException"><paramref name="sample"/> is <see langword="null"/>.</exception>
    public SampleValidationContext(Sample sample, IReadOnlyList<string>? choices = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        Sample = sample;
        Choices = choices;
    }

    /// <summary>
    /// Gets the sample: its <see cref="PromptForge.Sample.Id"/>, <see cref="PromptForge.Sample.Input"/>,
    /// <see cref="PromptForge.Sample.Expected"/> label (spelled as the task's real examples spell it when the label was
    /// requested), the <see cref="PromptForge.Sample.Difficulty"/> level it was written for (<see langword="null"/>
    /// without a difficulty gradient) and its provenance.
    /// </summary>
    public Sample Sample { get; }

    /// <summary>Gets the sample's per-item choices, or <see langword="null"/> when the task lists none per item.</summary>
    public IReadOnlyList<string>? Choices { get; }
}
