using System.Text;

namespace PromptForge.Simulation;

/// <summary>
/// Deterministic text helpers shared by the simulator's role behaviors: content words of a request, seeded picks,
/// phrases built from request words, and token estimates.
/// </summary>
internal static class SimulatorText
{
    private static readonly HashSet<string> s_stopWords = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "are", "but", "not", "you", "your", "all", "any", "can", "had", "her", "was", "one", "our",
        "out", "has", "have", "him", "his", "how", "its", "may", "who", "did", "yes", "get", "got", "let", "she", "too",
        "use", "that", "this", "with", "from", "they", "them", "then", "than", "there", "their", "what", "when", "where",
        "which", "while", "will", "would", "should", "could", "been", "being", "were", "into", "onto", "each", "only",
        "also", "some", "such", "very", "just", "more", "most", "other", "about", "over", "under", "these", "those",
        "must", "does", "here", "json", "null", "true", "false",
    };

    /// <summary>Gets the content words of a text: letters and digits, lower-cased, at least 3 characters, stop words removed, first occurrences in order.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The distinct content words.</returns>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (char c in text.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                _ = current.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (current.Length >= 3)
            {
                string word = current.ToString();
                if (!s_stopWords.Contains(word) && !word.All(char.IsDigit) && seen.Add(word))
                {
                    words.Add(word);
                }
            }

            _ = current.Clear();
        }

        return words;
    }

    /// <summary>Picks one item.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="random">The request's random source.</param>
    /// <param name="items">The items; must not be empty.</param>
    /// <returns>The picked item.</returns>
    public static T Pick<T>(Random random, IReadOnlyList<T> items)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        if (items.Count == 0)
        {
            throw new ArgumentException("Cannot pick from an empty list.", nameof(items));
        }

        return items[random.Next(items.Count)];
    }

    /// <summary>Picks up to <paramref name="count"/> distinct items, in their original order.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="random">The request's random source.</param>
    /// <param name="items">The items.</param>
    /// <param name="count">How many to pick.</param>
    /// <returns>The picked items.</returns>
    public static IReadOnlyList<T> PickDistinct<T>(Random random, IReadOnlyList<T> items, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(items);
        int[] indexes = [.. Enumerable.Range(0, items.Count)];
        random.Shuffle(indexes);
        return [.. indexes.Take(Math.Clamp(count, 0, items.Count)).Order().Select(i => items[i])];
    }

    /// <summary>Returns <see langword="true"/> with the given probability.</summary>
    /// <param name="random">The request's random source.</param>
    /// <param name="probability">The probability, between 0 and 1.</param>
    /// <returns>The outcome.</returns>
    public static bool Chance(Random random, double probability)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.NextDouble() < probability;
    }

    /// <summary>Builds a phrase of request words (consecutive words from a random start, so it reads like the request); never longer than the word list.</summary>
    /// <param name="random">The request's random source.</param>
    /// <param name="words">The words to draw from; when empty a neutral filler is used.</param>
    /// <param name="minWords">The minimum number of words.</param>
    /// <param name="maxWords">The maximum number of words.</param>
    /// <returns>The phrase.</returns>
    public static string Phrase(Random random, IReadOnlyList<string> words, int minWords, int maxWords)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(words);
        IReadOnlyList<string> source = words.Count > 0 ? words : ["simulated", "text"];
        int count = random.Next(Math.Max(1, minWords), Math.Max(minWords, maxWords) + 1);
        // Never repeat the vocabulary: a short request gives a short phrase.
        count = Math.Min(count, source.Count);
        int start = random.Next(source.Count);
        var parts = new string[count];
        for (int i = 0; i < count; i++)
        {
            parts[i] = source[(start + i) % source.Count];
        }

        return string.Join(' ', parts);
    }

    /// <summary>Estimates the token count of a text the way usage is reported by the simulator (about 4 characters per token).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The estimated token count; 0 for empty text.</returns>
    public static int EstimateTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;
}
