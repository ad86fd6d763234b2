using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>The mode hunter's banned phrasings; kept in the loop state for the whole run, never truncated (reference defect 11).</summary>
internal sealed class BanList
{
    public const string StateKey = "synsmith.mode_hunter.ban_list";

    [JsonPropertyName("phrases")]
    public List<BannedPhrase> Phrases { get; set; } = [];

    public static BanList Load(LoopState state) => state.GetExtension(StateKey, SynSmithStateJsonContext.Default.BanList) ?? new BanList();

    public void Save(LoopState state) => state.SetExtension(StateKey, this, SynSmithStateJsonContext.Default.BanList);
}

/// <summary>One banned phrase with when it was banned and on what evidence.</summary>
internal sealed class BannedPhrase
{
    [JsonPropertyName("phrase")]
    public string Phrase { get; set; } = string.Empty;

    [JsonPropertyName("iteration")]
    public int Iteration { get; set; }

    [JsonPropertyName("synthetic_count")]
    public int SyntheticCount { get; set; }

    [JsonPropertyName("kind")]
    public string? Kind { get; set; }
}

/// <summary>Source-generated JSON for SynSmith's loop-state extensions.</summary>
[JsonSerializable(typeof(BanList))]
internal sealed partial class SynSmithStateJsonContext : JsonSerializerContext;
