using System.Globalization;
using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>
/// The measurement-only batch a gate iteration writes under the incumbent for the candidate's own target vectors,
/// handed from the generator to <see cref="GateMeasurementCritic"/> through the loop state.
/// </summary>
internal sealed class PairedBatch
{
    /// <summary>The generator hands the batch to the gate critic in the loop state under this key.</summary>
    public static readonly ArtifactKey<PairedBatch> Key = new("synsmith.gate.paired_batch", GateJsonContext.Default.PairedBatch);

    [JsonPropertyName("iteration")]
    public int Iteration { get; set; }

    [JsonPropertyName("candidate_version")]
    public int CandidateVersion { get; set; }

    [JsonPropertyName("incumbent_version")]
    public int IncumbentVersion { get; set; }

    /// <summary>The target index of each of the candidate's samples, by sample id.</summary>
    [JsonPropertyName("candidate_targets")]
    public Dictionary<string, int> CandidateTargets { get; set; } = [];

    [JsonPropertyName("incumbent")]
    public List<Sample> Incumbent { get; set; } = [];

    /// <summary>The target index of each of the incumbent's samples, by sample id.</summary>
    [JsonPropertyName("incumbent_targets")]
    public Dictionary<string, int> IncumbentTargets { get; set; } = [];

    [JsonPropertyName("incumbent_unfilled")]
    public int IncumbentUnfilled { get; set; }

    [JsonPropertyName("generation_calls")]
    public int GenerationCalls { get; set; }

    public static string IncumbentSampleId(int iteration, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"i{iteration:000}-incumbent-{index:0000}");

    public static PairedBatch? Load(LoopState state, int iteration) =>
        state.TryGetValue(Key, out var batch) && batch.Iteration == iteration ? batch : null;

    /// <summary>An empty marker replacing a batch of an earlier iteration, so a later iteration never pairs against a stale
    /// batch (and the checkpoint does not keep it); <see langword="null"/> when there is nothing to replace.</summary>
    public static Artifact? Clear(LoopState state) =>
        state.TryGetValue(Key, out var batch) && batch.Iteration > 0 ? Artifact.Create(Key, new PairedBatch()) : null;
}
