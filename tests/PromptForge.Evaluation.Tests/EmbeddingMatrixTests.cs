using Microsoft.Extensions.AI;

namespace PromptForge.Evaluation.Tests;

public sealed class EmbeddingMatrixTests
{
    [Fact]
    public void FromRows_DifferentLengths_NamesTheRow()
    {
        var ex = Should.Throw<ArgumentException>(() => EmbeddingMatrix.FromRows([new float[] { 1, 2 }, new float[] { 1, 2, 3 }]));

        ex.Message.ShouldContain("Row 1");
    }

    [Fact]
    public void Constructor_NaN_NamesRowAndDimension()
    {
        var ex = Should.Throw<ArgumentException>(() => new EmbeddingMatrix([1, 2, 3, float.NaN], 2, 2));

        ex.Message.ShouldContain("Row 1");
        ex.Message.ShouldContain("dimension 1");
    }

    [Fact]
    public void NormalizeRows_KeepsZeroRowsAndScalesOthers()
    {
        var matrix = EmbeddingMatrix.FromRows([new float[] { 3, 4 }, new float[] { 0, 0 }]);

        var normalized = matrix.NormalizeRows();

        normalized[0].ToArray().ShouldBe([0.6f, 0.8f]);
        normalized[1].ToArray().ShouldBe([0f, 0f]);
        matrix[0].ToArray().ShouldBe([3f, 4f]);
    }

    [Fact]
    public async Task GenerateAsync_HashedGenerator_OneRowPerTextInOrder()
    {
        var generator = new HashedNGramEmbeddingGenerator(new HashedNGramEmbeddingOptions { Dimensions = 32 });

        var matrix = await EmbeddingMatrix.GenerateAsync(generator, ["a b c", "d e f"], TestContext.Current.CancellationToken);

        matrix.RowCount.ShouldBe(2);
        matrix.Dimensions.ShouldBe(32);
        matrix[1].ToArray().ShouldBe(generator.Embed("d e f"));
    }

    [Fact]
    public void FromEmbeddings_CopiesVectors()
    {
        var matrix = EmbeddingMatrix.FromEmbeddings([new Embedding<float>(new float[] { 1, 2 }), new Embedding<float>(new float[] { 3, 4 })]);

        matrix.SelectRows([1, 1, 0])[0].ToArray().ShouldBe([3f, 4f]);
    }
}
