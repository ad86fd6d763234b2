using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>A question as the simulated world reads it: its lower-case words, space-padded so phrases match whole words.</summary>
internal sealed partial class SimulatedQuestion
{
    private readonly string _padded;

    public SimulatedQuestion(string text)
    {
        Words = Word().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToArray();
        _padded = " " + string.Join(' ', Words) + " ";
    }

    /// <summary>Gets the lower-case words, in order.</summary>
    public IReadOnlyList<string> Words { get; }

    /// <summary>Gets the number of words.</summary>
    public int WordCount => Words.Count;

    /// <summary>Whether the question contains <paramref name="phrase"/> (lower-case words separated by single spaces) as whole words.</summary>
    public bool Contains(string phrase) => _padded.Contains(" " + phrase + " ", StringComparison.Ordinal);

    [GeneratedRegex(@"[a-z][a-z']*", RegexOptions.CultureInvariant)]
    private static partial Regex Word();
}
