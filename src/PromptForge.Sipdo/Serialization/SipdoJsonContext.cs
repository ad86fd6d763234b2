using System.Text.Json;
using System.Text.Json.Serialization;

namespace PromptForge.Sipdo;

/// <summary>Source-generated JSON for every type SIPDO sends, receives or saves (snake_case).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    PropertyNameCaseInsensitive = true,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(GeneratedSampleOutput))]
[JsonSerializable(typeof(VerifierVoteOutput))]
[JsonSerializable(typeof(SummaryOutput))]
[JsonSerializable(typeof(ErrorAnalysisOutput))]
[JsonSerializable(typeof(SuggestionOutput))]
[JsonSerializable(typeof(RewriteOutput))]
[JsonSerializable(typeof(ExamplePayload[]))]
[JsonSerializable(typeof(HistoryItemPayload[]))]
[JsonSerializable(typeof(VerificationItemPayload))]
[JsonSerializable(typeof(ErrorPayload[]))]
[JsonSerializable(typeof(SipdoGeneratorState))]
[JsonSerializable(typeof(SipdoWeaknessState))]
[JsonSerializable(typeof(WeaknessPayload))]
[JsonSerializable(typeof(HistoryPayload))]
[JsonSerializable(typeof(GenerationDetails))]
[JsonSerializable(typeof(TaskRunDetails))]
[JsonSerializable(typeof(TaskVerdictMemoState))]
[JsonSerializable(typeof(QuarantineState))]
[JsonSerializable(typeof(ModelAnswerPayload))]
[JsonSerializable(typeof(PromptEvaluation))]
[JsonSerializable(typeof(PromptComparison))]
[JsonSerializable(typeof(SipdoCostReport))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string[]))]
internal sealed partial class SipdoJsonContext : JsonSerializerContext
{
    /// <summary>Gets a context that writes indented JSON, for reports people read (prompt payloads stay compact).</summary>
    public static SipdoJsonContext Indented { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    });
}
