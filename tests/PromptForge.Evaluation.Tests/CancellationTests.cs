using PromptForge.Evaluation.Tests.TestData;

namespace PromptForge.Evaluation.Tests;

public sealed class CancellationTests
{
    private static CancellationToken Canceled()
    {
        using var source = new CancellationTokenSource();
        source.Cancel();
        return source.Token;
    }

    private static readonly EmbeddingMatrix Large = EmbeddingMatrix.FromRows(SyntheticVectors.Gaussian(2000, 16, seed: 1));

    [Fact]
    public void NearDuplicates_Canceled_Throws()
    {
        Should.Throw<OperationCanceledException>(() => NearDuplicates.Compute(Large, cancellationToken: Canceled()));
        Should.Throw<OperationCanceledException>(() => NearDuplicates.Compute(Large, new NearDuplicateOptions { ExactMaxSamples = 0 }, Canceled()));
    }

    [Fact]
    public void VendiScore_Canceled_Throws()
    {
        Should.Throw<OperationCanceledException>(() => VendiScore.Compute(Large, cancellationToken: Canceled()));
    }

    [Fact]
    public void Mmd_Canceled_Throws()
    {
        Should.Throw<OperationCanceledException>(() => MaximumMeanDiscrepancy.Compute(Large, Large, cancellationToken: Canceled()));
    }

    [Fact]
    public void LexicalMetrics_Canceled_Throws()
    {
        string[] texts = ["one two three four five", "six seven eight nine ten"];

        Should.Throw<OperationCanceledException>(() => LexicalMetrics.DistinctN(texts, 2, cancellationToken: Canceled()));
        Should.Throw<OperationCanceledException>(() => LexicalMetrics.SelfBleu(texts, cancellationToken: Canceled()));
    }

    [Fact]
    public async Task DatasetMetrics_Canceled_Throws()
    {
        var set = new EvaluationSet(["one two three four", "five six seven eight"]);

        await Should.ThrowAsync<OperationCanceledException>(() => DatasetMetrics.ComputeAsync(set, null, new HashedNGramEmbeddingGenerator(), cancellationToken: Canceled()));
    }
}
