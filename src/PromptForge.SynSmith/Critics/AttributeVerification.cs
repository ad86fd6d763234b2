using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>
/// The attribute verifier's typed result (<see cref="Critique.Result"/>): per judged sample what it read and the attributes
/// the text actually has. Diversity, mode-seeking, the generator and the export read it through <see cref="Key"/>.
/// </summary>
/// <param name="Verdicts">One entry per judged sample.</param>
/// <param name="FailedBatches">Errors of the batches that got no reply.</param>
internal sealed record AttributeVerification(
    [property: JsonPropertyName("verdicts")] IReadOnlyList<AttributeVerificationEntry> Verdicts,
    [property: JsonPropertyName("failed_batches")] IReadOnlyList<string> FailedBatches)
{
    /// <summary>The key the verifier publishes its result under.</summary>
    public static readonly ArtifactKey<AttributeVerification> Key = new("synsmith.attribute_verification", SynSmithStateJsonContext.Default.AttributeVerification);
}

/// <summary>What the verifier read in one sample.</summary>
/// <param name="SampleId">The sample id.</param>
/// <param name="ReadLabel">The label the verifier read blind.</param>
/// <param name="ReadAttributes">The auxiliary values it read, when it gave them.</param>
/// <param name="FailedAttributes">The requested attributes the text does not show.</param>
/// <param name="GeneratedAttributes">The attributes the text has (<see cref="VerifiedAttributes.FromVerdict"/>).</param>
internal sealed record AttributeVerificationEntry(
    [property: JsonPropertyName("sample_id")] string SampleId,
    [property: JsonPropertyName("read_label")] string? ReadLabel,
    [property: JsonPropertyName("read_attributes")] IReadOnlyDictionary<string, string>? ReadAttributes,
    [property: JsonPropertyName("failed_attributes")] IReadOnlyList<string> FailedAttributes,
    [property: JsonPropertyName("generated_attributes")] IReadOnlyDictionary<string, string> GeneratedAttributes);
