using System.Collections.Concurrent;
using System.Numerics.Tensors;
using MathNet.Numerics.Distributions;

namespace PromptForge.Evaluation;

/// <summary>
/// Near-duplicate rate: the share of samples whose most similar other sample reaches a cosine threshold.
/// </summary>
/// <remarks>
/// Up to <see cref="NearDuplicateOptions.ExactMaxSamples"/> samples, every pair is compared. Above it, a seeded
/// random-hyperplane LSH (SimHash) index proposes candidate pairs: each sample gets <c>BandCount x BitsPerBand</c> sign
/// bits, and two samples become candidates when all bits of some band agree. Every candidate is verified with its exact
/// cosine, so the approximate answer has no false positives; it can only miss pairs (recall is measured in the tests and
/// the benchmark). All-zero rows have cosine 0 with everything and are never duplicates.
/// </remarks>
public static class NearDuplicates
{
    /// <summary>Computes the near-duplicate rate of the rows of <paramref name="embeddings"/>.</summary>
    /// <param name="embeddings">One embedding per sample.</param>
    /// <param name="options">The options; <see langword="null"/> uses the defaults.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The rate, the flagged samples and example pairs; "not measured" with fewer than 2 samples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static NearDuplicateResult Compute(EmbeddingMatrix embeddings, NearDuplicateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        options = OptionsValidation.ValidateOrDefault(options, nameof(options));
        int n = embeddings.RowCount;
        if (n < 2)
        {
            return new NearDuplicateResult
            {
                Rate = MetricValue.NotMeasured("the near-duplicate rate needs at least 2 samples", n),
                DuplicateIndices = [],
                Pairs = [],
                Approximate = false,
                PairsCompared = 0,
            };
        }

        var normalized = embeddings.NormalizeRows();
        var state = new SearchState(n, (float)options.Threshold, options.MaxReportedPairs);
        bool approximate = n > options.ExactMaxSamples;
        if (approximate)
        {
            SearchApproximate(normalized, options, state, cancellationToken);
        }
        else
        {
            SearchExact(normalized, state, cancellationToken);
        }

        var flagged = new List<int>();
        for (int i = 0; i < n; i++)
        {
            if (state.Flags[i] != 0)
            {
                flagged.Add(i);
            }
        }

        return new NearDuplicateResult
        {
            Rate = MetricValue.Measured((double)flagged.Count / n, n),
            DuplicateIndices = flagged,
            Pairs = state.TopPairs(),
            Approximate = approximate,
            PairsCompared = state.PairsCompared,
        };
    }

    private static void SearchExact(EmbeddingMatrix x, SearchState state, CancellationToken cancellationToken)
    {
        int n = x.RowCount;
        int d = x.Dimensions;
        float[] data = x.Data;

        // Dynamic chunks of rows balance the triangular work (row i compares with n - i - 1 rows).
        Parallel.ForEach(
            Partitioner.Create(0, n, Math.Max(16, n / 256)),
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new LocalPairs(),
            (range, _, local) =>
            {
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    var xi = data.AsSpan(i * d, d);
                    for (int j = i + 1; j < n; j++)
                    {
                        float similarity = TensorPrimitives.Dot(xi, data.AsSpan(j * d, d));
                        if (similarity >= state.Threshold)
                        {
                            local.Add(state, i, j, similarity);
                        }
                    }

                    local.Compared += n - i - 1;
                }

                return local;
            },
            state.Merge);
    }

    private static void SearchApproximate(EmbeddingMatrix x, NearDuplicateOptions options, SearchState state, CancellationToken cancellationToken)
    {
        int n = x.RowCount;
        int d = x.Dimensions;
        int bands = options.BandCount;
        int bits = options.BitsPerBand;
        float[] data = x.Data;

        // Gaussian hyperplanes from a seeded generator: the sign of the projection is a SimHash bit.
        var gaussian = new double[bands * bits * d];
        Normal.Samples(new Random(options.Seed), gaussian, 0.0, 1.0);
        var hyperplanes = Array.ConvertAll(gaussian, v => (float)v);

        var keys = new ulong[bands][];
        for (int b = 0; b < bands; b++)
        {
            keys[b] = new ulong[n];
        }

        var isZero = new bool[n];
        Parallel.For(0, n, new ParallelOptions { CancellationToken = cancellationToken }, i =>
        {
            var xi = data.AsSpan(i * d, d);
            if (TensorPrimitives.MaxMagnitude(xi) == 0f)
            {
                isZero[i] = true;
                return;
            }

            for (int b = 0; b < bands; b++)
            {
                ulong key = 0;
                for (int k = 0; k < bits; k++)
                {
                    int plane = (b * bits) + k;
                    if (TensorPrimitives.Dot(xi, hyperplanes.AsSpan(plane * d, d)) >= 0f)
                    {
                        key |= 1UL << k;
                    }
                }

                keys[b][i] = key;
            }
        });

        Parallel.For(0, bands, new ParallelOptions { CancellationToken = cancellationToken }, () => new LocalPairs(), (b, _, local) =>
        {
            var bandKeys = (ulong[])keys[b].Clone();
            var order = Enumerable.Range(0, n).ToArray();
            var bandFlags = new byte[n];
            Array.Sort(bandKeys, order);
            int start = 0;
            while (start < n)
            {
                int end = start + 1;
                while (end < n && bandKeys[end] == bandKeys[start])
                {
                    end++;
                }

                VerifyBucket(data, d, order.AsSpan(start, end - start), isZero, bandFlags, state, local);
                start = end;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return local;
        }, state.Merge);
    }

    private static void VerifyBucket(float[] data, int d, Span<int> bucket, bool[] isZero, byte[] bandFlags, SearchState state, LocalPairs local)
    {
        for (int a = 0; a < bucket.Length; a++)
        {
            int i = bucket[a];
            if (isZero[i])
            {
                continue;
            }

            var xi = data.AsSpan(i * d, d);
            for (int c = a + 1; c < bucket.Length; c++)
            {
                int j = bucket[c];

                // Only the flags matter for the rate: a pair whose two samples this band already flagged changes
                // nothing. (Band-local flags keep the work, and so the reported pairs, independent of thread timing,
                // and still collapse a large bucket of copies to one pass.)
                if (isZero[j] || (bandFlags[i] != 0 && bandFlags[j] != 0))
                {
                    continue;
                }

                float similarity = TensorPrimitives.Dot(xi, data.AsSpan(j * d, d));
                local.Compared++;
                if (similarity >= state.Threshold)
                {
                    bandFlags[i] = 1;
                    bandFlags[j] = 1;
                    local.Add(state, Math.Min(i, j), Math.Max(i, j), similarity);
                }
            }
        }
    }

    private static void Trim(Dictionary<(int, int), float> pairs, int keep)
    {
        if (pairs.Count <= keep)
        {
            return;
        }

        var dropped = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Skip(keep).Select(p => p.Key).ToList();
        foreach (var key in dropped)
        {
            pairs.Remove(key);
        }
    }

    private sealed class SearchState(int n, float threshold, int maxReportedPairs)
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<(int, int), float> _pairs = [];

        public byte[] Flags { get; } = new byte[n];

        public float Threshold { get; } = threshold;

        public int MaxReportedPairs { get; } = maxReportedPairs;

        public long PairsCompared { get; private set; }

        public void Merge(LocalPairs local)
        {
            lock (_gate)
            {
                PairsCompared += local.Compared;
                foreach (var (pair, similarity) in local.Pairs)
                {
                    _pairs[pair] = similarity;
                }

                Trim(_pairs, MaxReportedPairs);
            }
        }

        public List<NearDuplicatePair> TopPairs() =>
            _pairs.Select(p => new NearDuplicatePair(p.Key.Item1, p.Key.Item2, p.Value))
                .OrderByDescending(p => p.Similarity).ThenBy(p => p.First).ThenBy(p => p.Second)
                .Take(MaxReportedPairs)
                .ToList();
    }

    private sealed class LocalPairs
    {
        public Dictionary<(int, int), float> Pairs { get; } = [];

        public long Compared { get; set; }

        public void Add(SearchState state, int i, int j, float similarity)
        {
            // Benign race: concurrent writers only ever store 1.
            state.Flags[i] = 1;
            state.Flags[j] = 1;

            // Keep the set bounded; the most similar pairs of each worker survive, so the global top pairs do too.
            Pairs[(i, j)] = similarity;
            if (Pairs.Count > 4 * Math.Max(16, state.MaxReportedPairs))
            {
                Trim(Pairs, state.MaxReportedPairs);
            }
        }
    }
}
