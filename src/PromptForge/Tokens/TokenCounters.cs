namespace PromptForge;

/// <summary>Token counters that need no vocabulary.</summary>
public static class TokenCounters
{
    /// <summary>Gets a counter that estimates characters / 4, rounded up: a fallback for model families without a known
    /// tokenizer (about 37% over for English prose and about 30% under for German or Japanese with modern vocabularies).</summary>
    public static ITokenCounter Approximate { get; } = new CharacterRatioTokenCounter(4.0);

    /// <summary>Creates a counter that estimates the text's length divided by <paramref name="charactersPerToken"/>, rounded up.</summary>
    /// <param name="charactersPerToken">The average characters per token, at least 0.5.</param>
    /// <returns>The counter.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="charactersPerToken"/> is below 0.5 or not finite.</exception>
    public static ITokenCounter FromCharacterRatio(double charactersPerToken)
    {
        if (!double.IsFinite(charactersPerToken) || charactersPerToken < 0.5)
        {
            throw new ArgumentOutOfRangeException(nameof(charactersPerToken), charactersPerToken, "The characters per token must be a finite number of at least 0.5.");
        }

        return new CharacterRatioTokenCounter(charactersPerToken);
    }
}
