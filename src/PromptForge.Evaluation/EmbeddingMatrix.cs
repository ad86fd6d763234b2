using System.Numerics.Tensors;
using Microsoft.Extensions.AI;

namespace PromptForge.Evaluation;

/// <summary>
/// A dense, row-major matrix of embedding vectors (one row per sample) stored in one contiguous array, the input of
/// every embedding-based metric. 100,000 rows of 384 dimensions take about 150 MB.
/// </summary>
public sealed class EmbeddingMatrix
{
    private readonly float[] _data;

    /// <summary>Initializes a new instance of the <see cref="EmbeddingMatrix"/> class over <paramref name="data"/> without copying it.</summary>
    /// <param name="data">The values, row after row; the matrix keeps a reference, so do not change the array afterwards.</param>
    /// <param name="rowCount">The number of rows (samples).</param>
    /// <param name="dimensions">The number of values per row.</param>
    /// <exception cref="ArgumentNullException"><paramref name="data"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="rowCount"/> is negative or <paramref name="dimensions"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">The length of <paramref name="data"/> is not <paramref name="rowCount"/> times <paramref name="dimensions"/>, or a value is NaN or infinite.</exception>
    public EmbeddingMatrix(float[] data, int rowCount, int dimensions)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimensions, 1);
        if ((long)rowCount * dimensions != data.Length)
        {
            throw new ArgumentException($"The data holds {data.Length} values, not {rowCount} rows x {dimensions} dimensions.", nameof(data));
        }

        int bad = Array.FindIndex(data, v => !float.IsFinite(v));
        if (bad >= 0)
        {
            throw new ArgumentException($"Row {bad / dimensions} holds a NaN or infinite value at dimension {bad % dimensions}.", nameof(data));
        }

        _data = data;
        RowCount = rowCount;
        Dimensions = dimensions;
    }

    // Unvalidated: for data this package produced itself (copies and subsets of validated matrices).
    // The parameter order differs from the public constructor only to give it a distinct signature.
    private EmbeddingMatrix(int rowCount, int dimensions, float[] data)
    {
        _data = data;
        RowCount = rowCount;
        Dimensions = dimensions;
    }

    /// <summary>Gets the number of rows (samples).</summary>
    public int RowCount { get; }

    /// <summary>Gets the number of values per row.</summary>
    public int Dimensions { get; }

    /// <summary>Gets one row.</summary>
    /// <param name="row">The zero-based row index.</param>
    /// <returns>The row's values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="row"/> is outside the matrix.</exception>
    public ReadOnlySpan<float> this[int row]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(row);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, RowCount);
            return _data.AsSpan(row * Dimensions, Dimensions);
        }
    }

    /// <summary>Gets the backing array (row-major), for internal kernels.</summary>
    internal float[] Data => _data;

    /// <summary>Creates a matrix by copying rows.</summary>
    /// <param name="rows">The rows; all must have the same length.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rows are empty vectors, have different lengths, or hold NaN or infinite values.</exception>
    public static EmbeddingMatrix FromRows(IEnumerable<ReadOnlyMemory<float>> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = rows as IReadOnlyList<ReadOnlyMemory<float>> ?? rows.ToList();
        if (list.Count == 0)
        {
            return new EmbeddingMatrix(0, 1, []);
        }

        int dimensions = list[0].Length;
        if (dimensions == 0)
        {
            throw new ArgumentException("Row 0 is an empty vector.", nameof(rows));
        }

        var data = new float[(long)list.Count * dimensions];
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i].Length != dimensions)
            {
                throw new ArgumentException($"Row {i} has {list[i].Length} dimensions; row 0 has {dimensions}.", nameof(rows));
            }

            list[i].Span.CopyTo(data.AsSpan(i * dimensions, dimensions));
        }

        return new EmbeddingMatrix(data, list.Count, dimensions);
    }

    /// <summary>Creates a matrix by copying rows.</summary>
    /// <param name="rows">The rows; all must have the same length.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The rows are empty vectors, have different lengths, or hold NaN or infinite values.</exception>
    public static EmbeddingMatrix FromRows(IEnumerable<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return FromRows(rows.Select(r => r is null ? throw new ArgumentNullException(nameof(rows), "A row is null.") : (ReadOnlyMemory<float>)r));
    }

    /// <summary>Creates a matrix from generated embeddings (for example the result of <see cref="IEmbeddingGenerator{TInput, TEmbedding}.GenerateAsync"/>).</summary>
    /// <param name="embeddings">The embeddings, one per sample.</param>
    /// <returns>The matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="embeddings"/> is <see langword="null"/> or contains <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The vectors are empty, have different lengths, or hold NaN or infinite values.</exception>
    public static EmbeddingMatrix FromEmbeddings(IEnumerable<Embedding<float>> embeddings)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        return FromRows(embeddings.Select(e => e is null ? throw new ArgumentNullException(nameof(embeddings), "An embedding is null.") : e.Vector));
    }

    /// <summary>Embeds <paramref name="texts"/> with <paramref name="generator"/> and returns the vectors as a matrix, in order.</summary>
    /// <param name="generator">The embedding generator (for example the core's offline <c>HashedNGramEmbeddingGenerator</c>).</param>
    /// <param name="texts">The texts.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The matrix, one row per text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> or <paramref name="texts"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The generator returned a different number of embeddings than texts.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<EmbeddingMatrix> GenerateAsync(
        IEmbeddingGenerator<string, Embedding<float>> generator,
        IEnumerable<string> texts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(texts);
        var list = texts as IReadOnlyList<string> ?? texts.ToList();
        if (list.Count == 0)
        {
            return new EmbeddingMatrix(0, 1, []);
        }

        var embeddings = await generator.GenerateAsync(list, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (embeddings.Count != list.Count)
        {
            throw new InvalidOperationException($"The embedding generator returned {embeddings.Count} embeddings for {list.Count} texts.");
        }

        return FromEmbeddings(embeddings);
    }

    /// <summary>Creates a matrix holding a copy of the given rows, in the given order.</summary>
    /// <param name="rows">The row indices to keep (may repeat).</param>
    /// <returns>The new matrix.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="rows"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A row index is outside the matrix.</exception>
    public EmbeddingMatrix SelectRows(IReadOnlyList<int> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var data = new float[(long)rows.Count * Dimensions];
        for (int i = 0; i < rows.Count; i++)
        {
            this[rows[i]].CopyTo(data.AsSpan(i * Dimensions, Dimensions));
        }

        return new EmbeddingMatrix(rows.Count, Dimensions, data);
    }

    /// <summary>Returns a copy whose rows have unit L2 norm; all-zero rows stay zero.</summary>
    /// <returns>The normalized matrix.</returns>
    public EmbeddingMatrix NormalizeRows()
    {
        var data = (float[])_data.Clone();
        Parallel.For(0, RowCount, row =>
        {
            var span = data.AsSpan(row * Dimensions, Dimensions);
            float norm = TensorPrimitives.Norm(span);
            if (norm > 0f)
            {
                TensorPrimitives.Divide(span, norm, span);
            }
        });
        return new EmbeddingMatrix(RowCount, Dimensions, data);
    }

    /// <summary>Computes the L2 norm of every row.</summary>
    internal float[] RowNorms()
    {
        var norms = new float[RowCount];
        for (int row = 0; row < RowCount; row++)
        {
            norms[row] = TensorPrimitives.Norm(_data.AsSpan(row * Dimensions, Dimensions));
        }

        return norms;
    }

    /// <summary>Wraps data produced internally without re-validating it.</summary>
    internal static EmbeddingMatrix Wrap(float[] data, int rowCount, int dimensions) => new(rowCount, dimensions, data);
}
