using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>The mode hunter's banned phrasings; kept in the loop state for the whole run, never truncated (reference defect 11).</summary>
internal sealed class BanList
{
    /// <summary>The loop-state key the mode hunter saves the list under and the generator reads it from.</summary>
    public static readonly ArtifactKey<BanList> Key = new("synsmith.mode_hunter.ban_list", SynSmithStateJsonContext.Default.BanList);

    [JsonPropertyName("phrases")]
    public List<BannedPhrase> Phrases { get; set; } = [];

    /// <summary>A copy of the saved list to extend (the loop state is read-only), or an empty list.</summary>
    public static BanList Load(LoopState state) => state.TryGetValue(Key, out var saved) ? new BanList { Phrases = [.. saved.Phrases] } : new BanList();
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

/// <summary>Source-generated JSON for SynSmith's loop state and typed critic results.</summary>
[JsonSerializable(typeof(BanList))]
[JsonSerializable(typeof(AttributeVerification))]
internal sealed partial class SynSmithStateJsonContext : JsonSerializerContext;
