using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptForge.Evaluation;

/// <summary>
/// TF-IDF features of texts as an <see cref="EmbeddingMatrix"/>, computed as scikit-learn's <c>TfidfVectorizer</c> does
/// by default: raw term counts times the smoothed inverse document frequency <c>ln((1 + n) / (1 + df)) + 1</c>, each
/// row scaled to unit L2 norm. Lets every embedding-based metric (MMD^2, the real-versus-synthetic AUROC, near
/// duplicates) run in a lexical feature space as well as a sentence-embedding one.
/// </summary>
/// <example>
/// <code>
/// var tfidf = TfidfVectorizer.Fit([.. real, .. synthetic], TfidfOptions.CharNGrams());
/// var mmd = MaximumMeanDiscrepancy.Compute(tfidf.Transform(synthetic), tfidf.Transform(real));
/// </code>
/// </example>
public sealed partial class TfidfVectorizer
{
    private readonly Dictionary<string, int> _vocabulary;
    private readonly float[] _idf;
    private readonly TfidfOptions _options;

    private TfidfVectorizer(Dictionary<string, int> vocabulary, float[] idf, TfidfOptions options)
    {
        _vocabulary = vocabulary;
        _idf = idf;
        _options = options;
    }

    /// <summary>Gets the number of terms in the vocabulary (the feature dimensions; at least 1).</summary>
    public int VocabularySize => _idf.Length;

    /// <summary>Gets the analyzer the vocabulary was built with.</summary>
    public TfidfAnalyzer Analyzer => _options.Analyzer;

    /// <summary>Builds the vocabulary and the inverse document frequencies from <paramref name="corpus"/>.</summary>
    /// <param name="corpus">The texts to fit on (for a comparison of two sets, both sets together).</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults (words, unigrams).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The fitted vectorizer. A corpus without any term yields one all-zero feature.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="corpus"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static TfidfVectorizer Fit(IReadOnlyList<string> corpus, TfidfOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        var termFrequency = new Dictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < corpus.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text = corpus[i] ?? throw new ArgumentNullException(nameof(corpus), $"Text {i} is null.");
            foreach (var (term, count) in Count(text, options))
            {
                documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
                termFrequency[term] = termFrequency.GetValueOrDefault(term) + count;
            }
        }

        var kept = termFrequency
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(options.MaxFeatures)
            .Select(p => p.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var vocabulary = new Dictionary<string, int>(kept.Count, StringComparer.Ordinal);
        var idf = new float[Math.Max(1, kept.Count)];
        for (int t = 0; t < kept.Count; t++)
        {
            vocabulary[kept[t]] = t;
            idf[t] = (float)(Math.Log((1.0 + corpus.Count) / (1.0 + documentFrequency[kept[t]])) + 1.0);
        }

        return new TfidfVectorizer(vocabulary, idf, options);
    }

    /// <summary>Computes the L2-normalized TF-IDF row of every text; terms outside the vocabulary are ignored.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>One row per text with <see cref="VocabularySize"/> dimensions (all zeros for a text without a known term).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public EmbeddingMatrix Transform(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        int d = VocabularySize;
        var data = new float[(long)texts.Count * d];
        for (int row = 0; row < texts.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text = texts[row] ?? throw new ArgumentNullException(nameof(texts), $"Text {row} is null.");
            var span = data.AsSpan(row * d, d);
            double squares = 0;
            foreach (var (term, count) in Count(text, _options))
            {
                if (_vocabulary.TryGetValue(term, out int column))
                {
                    span[column] = count * _idf[column];
                    squares += (double)span[column] * span[column];
                }
            }

            if (squares > 0)
            {
                float norm = (float)Math.Sqrt(squares);
                for (int c = 0; c < d; c++)
                {
                    span[c] /= norm;
                }
            }
        }

        return EmbeddingMatrix.Wrap(data, texts.Count, d);
    }

    /// <summary>The terms of one text with their counts.</summary>
    internal static Dictionary<string, int> Count(string text, TfidfOptions options)
    {
        if (options.Lowercase)
        {
            text = text.ToLower(CultureInfo.InvariantCulture);
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(string term) => counts[term] = counts.GetValueOrDefault(term) + 1;
        if (options.Analyzer == TfidfAnalyzer.Word)
        {
            var tokens = WordToken().Matches(text).Select(m => m.Value).ToArray();
            for (int n = options.MinN; n <= options.MaxN; n++)
            {
                for (int start = 0; start + n <= tokens.Length; start++)
                {
                    Add(n == 1 ? tokens[start] : string.Join(' ', tokens, start, n));
                }
            }

            return counts;
        }

        // scikit-learn's char_wb: n-grams of each whitespace-separated word padded with spaces; a padded word shorter
        // than n contributes itself once, and no longer n-grams.
        foreach (string word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            string padded = " " + word + " ";
            for (int n = options.MinN; n <= options.MaxN; n++)
            {
                if (padded.Length <= n)
                {
                    Add(padded);
                    break;
                }

                for (int offset = 0; offset + n <= padded.Length; offset++)
                {
                    Add(padded.Substring(offset, n));
                }
            }
        }

        return counts;
    }

    [GeneratedRegex(@"\b\w\w+\b", RegexOptions.CultureInvariant)]
    private static partial Regex WordToken();
}
