using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace PromptForge;

/// <summary>
/// Source-generated JSON metadata for PromptForge's core types, with the snake_case naming used in every run
/// artifact. Internal: users get the same contract through <see cref="PromptForgeJson.DefaultOptions"/>.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DictionaryKeyPolicy = JsonKnownNamingPolicy.Unspecified,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(Sample))]
[JsonSerializable(typeof(List<Sample>))]
[JsonSerializable(typeof(Critique))]
[JsonSerializable(typeof(PromptVersion))]
[JsonSerializable(typeof(IterationRecord))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(UsageSnapshot))]
[JsonSerializable(typeof(LoopEvent))]
[JsonSerializable(typeof(PromptUpdate))]
[JsonSerializable(typeof(SortedDictionary<string, MetricValue>))]
[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class PromptForgeJsonContext : JsonSerializerContext
{
}

/// <summary>Source-generated JSON metadata for internal artifact types, with the same options as <see cref="PromptForgeJsonContext"/>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(LoopCheckpoint))]
[JsonSerializable(typeof(IterationMetricsArtifact))]
[JsonSerializable(typeof(List<PromptProposal>))]
[JsonSerializable(typeof(RunLockInfo))]
[JsonSerializable(typeof(RunCheckpointHeader))]
[JsonSerializable(typeof(IterationCommit))]
internal sealed partial class PromptForgeInternalJsonContext : JsonSerializerContext
{
}
