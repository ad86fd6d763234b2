using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>Source-generated JSON metadata for every type SynSmith serializes (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    WriteIndented = false)]
[JsonSerializable(typeof(GeneratorReply))]
[JsonSerializable(typeof(VerbalizedReply))]
[JsonSerializable(typeof(AttributeVerifierReply))]
[JsonSerializable(typeof(RealismDiscriminatorReply))]
[JsonSerializable(typeof(DiversityAuditReply))]
[JsonSerializable(typeof(PackDiscriminatorReply))]
[JsonSerializable(typeof(ModeHunterReply))]
[JsonSerializable(typeof(PromptRewriteReply))]
[JsonSerializable(typeof(GeneratorRequest))]
[JsonSerializable(typeof(AttributeVerifierRequest))]
[JsonSerializable(typeof(RealismDiscriminatorRequest))]
[JsonSerializable(typeof(DiversityAuditorRequest))]
[JsonSerializable(typeof(PackDiscriminatorRequest))]
[JsonSerializable(typeof(ModeHunterRequest))]
[JsonSerializable(typeof(PromptUpdaterRequest))]
[JsonSerializable(typeof(Dictionary<string, string>))]
[JsonSerializable(typeof(List<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(System.Text.Json.Nodes.JsonObject))]
internal sealed partial class SynSmithJsonContext : JsonSerializerContext;
