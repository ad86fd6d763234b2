using System.Text.Json.Serialization;

namespace PromptForge.Simulation.Tests;

internal enum Severity
{
    Low,
    Medium,
    High,
}

internal sealed record Verdict(string SampleId, bool Passed, string? Reason, Severity Severity, double Score, int? Difficulty);

internal sealed record CritiqueReport(
    string Summary,
    IReadOnlyList<Verdict> Verdicts,
    IReadOnlyDictionary<string, string> Attributes,
    int Count,
    List<string> Tags,
    DateTimeOffset CheckedAt,
    Guid Id);

internal sealed class TreeNode
{
    public required string Name { get; init; }

    public required List<TreeNode> Children { get; init; }
}

internal sealed record TaskAnswer(string Answer, string Explanation);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(CritiqueReport))]
[JsonSerializable(typeof(TreeNode))]
[JsonSerializable(typeof(TaskAnswer))]
[JsonSerializable(typeof(Verdict[]))]
internal sealed partial class SimulationTestJsonContext : JsonSerializerContext;
