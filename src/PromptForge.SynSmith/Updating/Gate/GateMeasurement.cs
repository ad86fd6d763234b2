using System.Text.Json.Serialization;

namespace PromptForge.SynSmith;

/// <summary>
/// What <see cref="GateMeasurementCritic"/> publishes as its critique's result: the per-sample axis contributions of the
/// iteration's own batch and, in a gate iteration, of the incumbent's paired batch for the same target vectors.
/// </summary>
internal sealed class GateMeasurement
{
    /// <summary>The gate critic publishes its measurement under this key; the acceptance gate reads it.</summary>
    public static readonly ArtifactKey<GateMeasurement> Key = new("synsmith.gate.measurement", GateJsonContext.Default.GateMeasurement);

    [JsonPropertyName("prompt_version")]
    public int PromptVersion { get; set; }

    [JsonPropertyName("units")]
    public List<GateUnit> Units { get; set; } = [];

    [JsonPropertyName("incumbent_version")]
    public int? IncumbentVersion { get; set; }

    [JsonPropertyName("incumbent_units")]
    public List<GateUnit>? IncumbentUnits { get; set; }

    /// <summary>Model calls made only to measure the incumbent (generator and critics).</summary>
    [JsonPropertyName("extra_calls")]
    public int ExtraCalls { get; set; }

    /// <summary>Why the incumbent could not be measured on paired work, when it could not.</summary>
    [JsonPropertyName("paired_note")]
    public string? PairedNote { get; set; }
}

/// <summary>One sample's contribution to each axis it was measured on (each in [0, 1], higher better).</summary>
internal sealed class GateUnit
{
    /// <summary>The index of the target vector the sample was written for (the pairing key).</summary>
    [JsonPropertyName("target")]
    public int Target { get; set; }

    [JsonPropertyName("sample_id")]
    public string SampleId { get; set; } = string.Empty;

    [JsonPropertyName("axes")]
    public Dictionary<string, double> Axes { get; set; } = [];
}

/// <summary>Source-generated JSON for the gate's measurement and its loop-state hand-off.</summary>
[JsonSerializable(typeof(GateMeasurement))]
[JsonSerializable(typeof(PairedBatch))]
internal sealed partial class GateJsonContext : JsonSerializerContext;
