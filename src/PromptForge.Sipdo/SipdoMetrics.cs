namespace PromptForge.Sipdo;

/// <summary>The metric names SIPDO records per iteration (snake_case, unique across critics).</summary>
public static class SipdoMetrics
{
    /// <summary>Share of all synthetic items so far answered correctly by the current prompt (s_D).</summary>
    public const string Coverage = "sipdo_coverage";

    /// <summary>Number of synthetic items the current prompt answers wrongly.</summary>
    public const string Errors = "sipdo_errors";

    /// <summary>Share of this round's new items answered correctly before any repair.</summary>
    public const string NewItemAccuracy = "sipdo_new_item_accuracy";

    /// <summary>Size of the error slice the optimizer started the round with.</summary>
    public const string ErrorsFound = "sipdo_errors_found";

    /// <summary>Rewrites accepted this round (0 or 1).</summary>
    public const string RepairsAccepted = "sipdo_repairs_accepted";

    /// <summary>Rewrites rejected this round (failed local or global confirmation, too long, or malformed).</summary>
    public const string RepairsRejected = "sipdo_repairs_rejected";

    /// <summary>Coverage of the adopted rewrite on all synthetic items, measured by global confirmation.</summary>
    public const string CandidateCoverage = "sipdo_candidate_coverage";

    /// <summary>Synthetic items quarantined this round: no repair fixed them and the verifiers, shown the task model's answer, no longer all supported the label.</summary>
    public const string Quarantined = "sipdo_quarantined";

    /// <summary>Reads a measured metric as an integer, or <see langword="null"/> when absent or not measured.</summary>
    internal static int? Read(IReadOnlyDictionary<string, MetricValue> metrics, string name) =>
        metrics.TryGetValue(name, out var value) && value.Value is { } v ? (int)Math.Round(v) : null;
}
