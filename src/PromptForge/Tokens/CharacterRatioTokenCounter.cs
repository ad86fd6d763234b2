namespace PromptForge;

/// <summary>Estimates tokens as the text's length in UTF-16 characters divided by a fixed ratio, rounded up.</summary>
internal sealed class CharacterRatioTokenCounter(double charactersPerToken) : ITokenCounter
{
    public double CharactersPerToken { get; } = charactersPerToken;

    public int CountTokens(string? text, string? modelId) =>
        string.IsNullOrEmpty(text) ? 0 : (int)Math.Min(int.MaxValue, Math.Ceiling(text.Length / CharactersPerToken));
}
