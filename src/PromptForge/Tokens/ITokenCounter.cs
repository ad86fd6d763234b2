namespace PromptForge;

/// <summary>
/// Counts the tokens a model sees in a text. PromptForge uses it wherever it must know a call's size before the
/// provider reports usage: the rate limiter's tokens per minute and cost estimates. Implementations live outside the
/// core (the CLI uses the tiktoken vocabularies of OpenAI's model families); <see cref="TokenCounters.Approximate"/>
/// is the fallback for model families without a known tokenizer.
/// </summary>
public interface ITokenCounter
{
    /// <summary>Counts the tokens of <paramref name="text"/> as the model <paramref name="modelId"/> would see them.</summary>
    /// <param name="text">The text; <see langword="null"/> or empty counts as zero tokens.</param>
    /// <param name="modelId">The model the text is sent to; <see langword="null"/> when unknown, which selects the counter's fallback.</param>
    /// <returns>The number of tokens, never negative.</returns>
    int CountTokens(string? text, string? modelId);
}
