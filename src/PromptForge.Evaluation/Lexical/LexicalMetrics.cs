namespace PromptForge.Evaluation;

/// <summary>
/// Lexical diversity of a set of texts: distinct-n and self-BLEU-4. Texts are tokenized into lower-cased runs of
/// letters and digits.
/// </summary>
public static class LexicalMetrics
{
    private const int BleuOrder = 4;

    // Smoothing "method 1" of Chen and Cherry (2014), as NLTK's SmoothingFunction().method1 used by Texygen's
    // self-BLEU: an order with no clipped match counts as epsilon matches instead of zeroing the score.
    private const double Epsilon = 0.1;

    /// <summary>
    /// Computes distinct-n: the number of unique n-grams divided by the total number of n-grams over all texts.
    /// </summary>
    /// <param name="texts">The texts.</param>
    /// <param name="n">The n-gram length (1 to 4; the metrics use 1, 2 and 3).</param>
    /// <param name="subsampleSize">
    /// When set, the value is computed on a seeded random sample of this many texts. Distinct-n falls as a corpus grows,
    /// so compare batches on equal-size samples.
    /// </param>
    /// <param name="seed">The seed of the subsample.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The value with the number of texts used, or "not measured" when no text has <paramref name="n"/> tokens.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="n"/> is not 1 to 4, or <paramref name="subsampleSize"/> is less than 1.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static MetricValue DistinctN(IReadOnlyList<string> texts, int n, int? subsampleSize = null, int seed = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 4);
        if (subsampleSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(subsampleSize), subsampleSize, "The subsample size must be at least 1.");
        }

        var used = subsampleSize is { } size && size < texts.Count
            ? Sampling.Select(texts, Sampling.SampleIndices(texts.Count, size, new Random(seed)))
            : texts;
        if (used.Count == 0)
        {
            return MetricValue.NotMeasured("no texts", 0);
        }

        var tokenizer = new TextTokenizer();
        var unique = new HashSet<NGram>();
        long total = 0;
        int seen = 0;
        foreach (string text in used)
        {
            ArgumentNullException.ThrowIfNull(text, nameof(texts));
            if ((seen++ & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            int[] tokens = tokenizer.Tokenize(text);
            for (int s = 0; s + n <= tokens.Length; s++)
            {
                unique.Add(NGram.At(tokens, s, n));
                total++;
            }
        }

        return total == 0
            ? MetricValue.NotMeasured($"no text has {n} or more tokens", used.Count)
            : MetricValue.Measured((double)unique.Count / total, used.Count);
    }

    /// <summary>
    /// Computes self-BLEU-4: the mean, over texts, of the sentence BLEU-4 of each text (hypothesis) against the
    /// other texts (references). Higher means less diverse; identical texts give 1.
    /// </summary>
    /// <remarks>
    /// Standard BLEU: clipped n-gram precisions for n = 1..4 with uniform weights, the brevity penalty against the
    /// closest reference length (ties go to the shorter), and method-1 smoothing (epsilon 0.1) for orders without a
    /// match. Texts with fewer than four tokens are skipped and counted. The maximum reference count of every n-gram
    /// is precomputed once (keeping the two largest counts so a text can be excluded from its own references), so the
    /// cost is linear in the total number of tokens.
    /// </remarks>
    /// <param name="texts">The texts.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The result with the hypothesis and reference counts and whether they were sampled.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="texts"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static SelfBleuResult SelfBleu(IReadOnlyList<string> texts, SelfBleuOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(texts);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        var tokenizer = new TextTokenizer();
        var tokens = new int[texts.Count][];
        for (int i = 0; i < texts.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(texts[i], nameof(texts));
            tokens[i] = tokenizer.Tokenize(texts[i]);
        }

        if (texts.Count < 2)
        {
            return new SelfBleuResult
            {
                Value = MetricValue.NotMeasured("self-BLEU needs at least 2 texts", texts.Count),
                HypothesisCount = 0,
                ReferenceCount = 0,
                Sampled = false,
                SkippedShortTexts = 0,
            };
        }

        var random = new Random(options.Seed);
        int[] references = Sampling.SampleIndices(texts.Count, options.MaxReferences, random);
        int[] hypotheses = Sampling.SampleIndices(texts.Count, options.MaxHypotheses ?? int.MaxValue, random);
        cancellationToken.ThrowIfCancellationRequested();
        var index = new ReferenceIndex(tokens, references);

        var scores = new double[hypotheses.Length];
        Parallel.For(0, hypotheses.Length, new ParallelOptions { CancellationToken = cancellationToken }, h =>
        {
            int text = hypotheses[h];
            scores[h] = tokens[text].Length < BleuOrder ? double.NaN : index.SentenceBleu(text, tokens[text]);
        });

        // Summed in a fixed order so the value does not depend on thread scheduling.
        double sum = 0;
        int scored = 0;
        foreach (double score in scores)
        {
            if (!double.IsNaN(score))
            {
                sum += score;
                scored++;
            }
        }

        return new SelfBleuResult
        {
            Value = scored == 0
                ? MetricValue.NotMeasured($"no text has at least {BleuOrder} tokens", hypotheses.Length)
                : MetricValue.Measured(sum / scored, scored),
            HypothesisCount = scored,
            ReferenceCount = references.Length,
            Sampled = references.Length < texts.Count || hypotheses.Length < texts.Count,
            SkippedShortTexts = hypotheses.Length - scored,
        };
    }

    /// <summary>Maximum reference counts of every n-gram (top two, so one text can be left out) and sorted reference lengths.</summary>
    private sealed class ReferenceIndex
    {
        private readonly Dictionary<NGram, TopCounts>[] _maxCounts = new Dictionary<NGram, TopCounts>[BleuOrder];
        private readonly int[] _sortedLengths;
        private readonly HashSet<int> _referenceSet;

        public ReferenceIndex(int[][] tokens, int[] references)
        {
            _referenceSet = [.. references];
            _sortedLengths = references.Select(r => tokens[r].Length).Order().ToArray();
            for (int n = 1; n <= BleuOrder; n++)
            {
                var max = new Dictionary<NGram, TopCounts>();
                foreach (int reference in references)
                {
                    foreach (var (gram, count) in NGram.Count(tokens[reference], n))
                    {
                        max[gram] = max.TryGetValue(gram, out var top) ? top.Add(count, reference) : new TopCounts(count, reference, 0);
                    }
                }

                _maxCounts[n - 1] = max;
            }
        }

        public double SentenceBleu(int self, int[] hypothesis)
        {
            bool selfIsReference = _referenceSet.Contains(self);
            if (selfIsReference && _sortedLengths.Length < 2)
            {
                return double.NaN;
            }

            double logPrecisionSum = 0;
            for (int n = 1; n <= BleuOrder; n++)
            {
                var max = _maxCounts[n - 1];
                long clipped = 0;
                long total = 0;
                foreach (var (gram, count) in NGram.Count(hypothesis, n))
                {
                    total += count;
                    if (max.TryGetValue(gram, out var top))
                    {
                        clipped += Math.Min(count, top.MaxExcluding(self));
                    }
                }

                double precision = clipped > 0 ? (double)clipped / total : Epsilon / total;
                logPrecisionSum += Math.Log(precision);
            }

            int length = hypothesis.Length;
            int referenceLength = ClosestReferenceLength(length, selfIsReference);
            double brevityPenalty = length > referenceLength ? 1.0 : Math.Exp(1.0 - ((double)referenceLength / length));
            return brevityPenalty * Math.Exp(logPrecisionSum / BleuOrder);
        }

        private int ClosestReferenceLength(int length, bool excludeOneOfSameLength)
        {
            int lower = LowerBound(length);
            int upper = LowerBound(length + 1);
            int sameLength = upper - lower - (excludeOneOfSameLength ? 1 : 0);
            if (sameLength > 0)
            {
                return length;
            }

            // Neighbours around the (possibly excluded) run of equal lengths; ties prefer the shorter reference.
            int? shorter = lower > 0 ? _sortedLengths[lower - 1] : null;
            int? longer = upper < _sortedLengths.Length ? _sortedLengths[upper] : null;
            return (shorter, longer) switch
            {
                ({ } s, { } l) => length - s <= l - length ? s : l,
                ({ } s, null) => s,
                (null, { } l) => l,
                _ => length,
            };
        }

        private int LowerBound(int value)
        {
            int lo = 0;
            int hi = _sortedLengths.Length;
            while (lo < hi)
            {
                int mid = (lo + hi) >>> 1;
                if (_sortedLengths[mid] < value)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }

            return lo;
        }
    }

    /// <summary>The largest count of an n-gram over the references, which reference has it, and the second largest count.</summary>
    private readonly record struct TopCounts(int Best, int BestReference, int Second)
    {
        public TopCounts Add(int count, int reference) =>
            count > Best ? new TopCounts(count, reference, Best)
            : count > Second ? this with { Second = count }
            : this;

        public int MaxExcluding(int reference) => reference == BestReference ? Second : Best;
    }
}
