using System.Text.Json;
using PromptForge.Evaluation;

namespace PromptForge.Embeddings.MiniLM.Tests;

/// <summary>
/// The SynSmith reference README's real-only column, reproduced from the reference's own splits: all-MiniLM-L6-v2
/// embeddings and logistic regression at scikit-learn's defaults, trained on the real training split and measured on
/// the real test split. Nothing is cached: every run embeds the 1,781 texts again (a few seconds on two idle cores).
/// </summary>
[Trait("Category", "Reference")]
public sealed class ReferenceRealOnlyTests(MiniLMModelFixture model) : IClassFixture<MiniLMModelFixture>
{
    [Theory]
    [InlineData("sst2", 0.704, 0.700)]
    [InlineData("banking77", 0.950, 0.951)]
    [InlineData("trec", 0.607, 0.591)]
    public async Task EvaluateRealOnly_MiniLMAndScikitLearnDefaults_ReproducesTheReferenceColumn(string dataset, double accuracy, double macroF1)
    {
        var train = await EmbedAsync(dataset, "train");
        var test = await EmbedAsync(dataset, "test");

        var realOnly = DownstreamEvaluation.EvaluateRealOnly(train, test);

        realOnly.Converged.ShouldBeTrue();
        Math.Round(realOnly.Report.Accuracy.Value!.Value, 3).ShouldBe(accuracy);
        Math.Round(realOnly.Report.MacroF1.Value!.Value, 3).ShouldBe(macroF1);
    }

    private async Task<LabeledEmbeddings> EmbedAsync(string dataset, string split)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "TestData", "synsmith", dataset, $"{dataset}_real_{split}.jsonl");
        var rows = File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Select(row => (Text: row.GetProperty("text").GetString()!, Label: row.GetProperty("label").GetString()!))
            .ToList();
        var embeddings = await EmbeddingMatrix.GenerateAsync(model.Uncached, rows.Select(r => r.Text).ToArray(), TestContext.Current.CancellationToken);
        return new LabeledEmbeddings(embeddings, rows.Select(r => r.Label).ToArray());
    }
}
