namespace PromptForge.Sipdo;

/// <summary>
/// One hidden skill of a <see cref="SimulatedTaskWorld"/>: a feature of the question text (a keyword or phrase that the
/// task's own examples use, or a long question) that decides how hard an item is for the simulated task model.
/// </summary>
/// <param name="Name">A short name shown in analyses and docs (for example <c>mentions "tells the truth"</c>).</param>
/// <param name="Hardness">In [0, 1]: the higher, the less likely the simulated task model answers an item of this skill correctly without its rule.</param>
/// <param name="Rule">The rule line a rewrite adds to a prompt; the simulated task model looks for <paramref name="RuleMarker"/> in it.</param>
/// <param name="RuleMarker">The phrase (case-insensitive) whose presence in a prompt means the rule is stated.</param>
/// <param name="Emphasis">The line a rewrite adds when the rule is stated but items of the skill still fail.</param>
/// <param name="EmphasisMarker">The phrase (case-insensitive) whose presence means the emphasis is stated.</param>
/// <param name="Keyword">The keyword or phrase the skill's questions contain, or <see langword="null"/> for the length skill.</param>
/// <param name="MinimumWords">For the length skill: the word count from which a question counts as long.</param>
internal sealed record SimulatedTaskSkill(
    string Name,
    double Hardness,
    string Rule,
    string RuleMarker,
    string Emphasis,
    string EmphasisMarker,
    string? Keyword,
    int MinimumWords)
{
    /// <summary>Whether a question shows the skill's feature.</summary>
    public bool IsExhibitedBy(SimulatedQuestion question) =>
        Keyword is { } keyword ? question.Contains(keyword) : question.WordCount >= MinimumWords;

    /// <summary>0 when the prompt does not state the rule, 1 when it states the rule, 2 when it also states the emphasis.</summary>
    public int Coverage(string prompt) =>
        !prompt.Contains(RuleMarker, StringComparison.OrdinalIgnoreCase) ? 0
            : prompt.Contains(EmphasisMarker, StringComparison.OrdinalIgnoreCase) ? 2
            : 1;
}
