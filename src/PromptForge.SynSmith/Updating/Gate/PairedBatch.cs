using System.Globalization;
using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>
/// The measurement-only batch a gate iteration writes under the incumbent for the candidate's own target vectors,
/// handed from the generator to <see cref="GateMeasurementCritic"/> through the loop state.
/// </summary>
internal sealed class PairedBatch
{
    public const string StateKey = "synsmith.gate.paired_batch";

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
        state.GetExtension(StateKey, GateJsonContext.Default.PairedBatch) is { } batch && batch.Iteration == iteration ? batch : null;

    /// <summary>Leaves an empty marker, so a later iteration never pairs against a stale batch.</summary>
    public static void Clear(LoopState state)
    {
        if (state.GetExtension(StateKey, GateJsonContext.Default.PairedBatch) is { Iteration: > 0 })
        {
            state.SetExtension(StateKey, new PairedBatch(), GateJsonContext.Default.PairedBatch);
        }
    }

    public void Save(LoopState state) => state.SetExtension(StateKey, this, GateJsonContext.Default.PairedBatch);
}
