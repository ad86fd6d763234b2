using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Several prompts evaluated on the same held-out split.</summary>
public sealed class PromptComparison
{
    /// <summary>Gets the task name.</summary>
    public required string Task { get; init; }

    /// <summary>Gets the number of held-out examples every prompt was evaluated on.</summary>
    public required int HeldOutCount { get; init; }

    /// <summary>Gets a value indicating whether the outputs came from the offline simulator rather than a real model (figures must then be labeled as simulator results).</summary>
    public required bool Simulated { get; init; }

    /// <summary>Gets the evaluations, in the order the prompts were given.</summary>
    public required IReadOnlyList<PromptEvaluation> Evaluations { get; init; }

    /// <summary>Serializes the comparison, every extracted answer and raw output included, as snake_case JSON.</summary>
    /// <returns>The JSON text.</returns>
    public string ToJson() => JsonSerializer.Serialize(this, SipdoJsonContext.Indented.PromptComparison);
}
