namespace PromptForge.Sipdo;

/// <summary>
/// Our black-box reading of SIPDO's generator objective min KL(q(y) || p*(y)) + λ·E[L(f(p, x̃), ỹ)]: the generator is
/// a prompted model, not trained weights, so instead of fitting it we draw m candidates and keep the one with the
/// highest score = λ·L(f(p_t, x̃), ỹ) − ΔKL, where L is the 0/1 loss of the current prompt on the candidate and ΔKL
/// how much adding its label moves the synthetic label shares away from the real ones.
/// </summary>
internal static class AdversarialSelection
{
    /// <summary>The candidate's score; a candidate whose loss was not measured counts as solved.</summary>
    public static double Score(double lambda, bool? currentPromptFailed, double deltaDivergence) =>
        (lambda * (currentPromptFailed == true ? 1 : 0)) - deltaDivergence;

    /// <summary>How much KL(synthetic labels || real labels) grows when <paramref name="label"/> is added (0 without a label space).</summary>
    public static double DeltaDivergence(IReadOnlyList<string>? labelSpace, IReadOnlyDictionary<string, double> realShares, IReadOnlyDictionary<string, int> drawn, string? label)
    {
        if (labelSpace is not { Count: > 0 } || label is null || !labelSpace.Contains(label, StringComparer.Ordinal))
        {
            return 0;
        }

        var after = new Dictionary<string, int>(drawn, StringComparer.Ordinal);
        after[label] = after.GetValueOrDefault(label) + 1;
        return LabelFirstSampler.Divergence(labelSpace, realShares, after) - LabelFirstSampler.Divergence(labelSpace, realShares, drawn);
    }

    /// <summary>The order in which candidates are tried: highest score first, earlier candidate on ties (the first is the KL-best label).</summary>
    public static IReadOnlyList<int> Order(IReadOnlyList<double> scores) =>
        Enumerable.Range(0, scores.Count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToArray();
}
