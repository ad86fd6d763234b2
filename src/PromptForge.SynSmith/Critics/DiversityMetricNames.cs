namespace PromptForge.SynSmith;

/// <summary>The metric names the <see cref="DiversityAuditor"/> reports.</summary>
public static class DiversityMetricNames
{
    /// <summary>The share of samples whose cosine similarity to another sample is at or above the threshold (computed, never a model's guess).</summary>
    public const string NearDuplicateRate = "near_duplicate_rate";

    /// <summary>The Vendi score on an equal-size subsample.</summary>
    public const string VendiScore = "vendi_score";

    /// <summary>Combination coverage over all attribute pairs, on verified generated attributes.</summary>
    public const string CombinationCoverage = "combination_coverage";

    /// <summary>Distinct unigrams over all unigrams, on an equal-size subsample.</summary>
    public const string Distinct1 = "distinct_1";

    /// <summary>Distinct bigrams over all bigrams, on an equal-size subsample.</summary>
    public const string Distinct2 = "distinct_2";

    /// <summary>Distinct trigrams over all trigrams, on an equal-size subsample.</summary>
    public const string Distinct3 = "distinct_3";

    /// <summary>Gets the normalized-entropy metric name of an attribute (<c>entropy_&lt;attribute&gt;</c>).</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The metric name.</returns>
    public static string Entropy(string attribute) => "entropy_" + attribute;

    /// <summary>Gets the coverage metric name of an attribute (<c>coverage_&lt;attribute&gt;</c>).</summary>
    /// <param name="attribute">The attribute.</param>
    /// <returns>The metric name.</returns>
    public static string Coverage(string attribute) => "coverage_" + attribute;
}
