namespace PromptForge.Evaluation.Tests;

public sealed class DatasetMetricsTests
{
    private static readonly AttributeDomains Schema = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["intent"] = ["refund", "card"],
        ["tone"] = ["polite", "angry"],
    });

    private static EvaluationSet Synthetic()
    {
        var texts = new List<string>();
        var labels = new List<string>();
        var attributes = new List<IReadOnlyDictionary<string, string>>();
        string[] refund = ["I want my money back for order {0}", "please refund the charge on order {0}", "refund order {0} now"];
        string[] card = ["my card {0} was blocked", "the card ending {0} does not work", "card {0} declined at the shop"];
        for (int i = 0; i < 24; i++)
        {
            bool isRefund = i % 2 == 0;
            string template = (isRefund ? refund : card)[i % 3];
            texts.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, 100 + i) + (i % 4 < 2 ? " thanks" : " this is ridiculous"));
            labels.Add(isRefund ? "refund" : "card");
            attributes.Add(new Dictionary<string, string> { ["intent"] = isRefund ? "refund" : "card", ["tone"] = i % 4 < 2 ? "polite" : "angry" });
        }

        return new EvaluationSet(texts) { Labels = labels, Attributes = attributes };
    }

    private static EvaluationSet Real() => new(
        ["can I get a refund for my last purchase", "I was charged twice please return the money", "refund request for the broken kettle",
         "money back please, the item never arrived", "my card got swallowed by the ATM", "card payment declined again",
         "I lost my debit card yesterday", "card stopped working abroad"])
    {
        Labels = ["refund", "refund", "refund", "refund", "card", "card", "card", "card"],
    };

    [Fact]
    public async Task ComputeAsync_FullInputs_MeasuresEveryGroup()
    {
        var report = await DatasetMetrics.ComputeAsync(Synthetic(), Real(), new HashedNGramEmbeddingGenerator(), new DatasetMetricsOptions { Schema = Schema }, TestContext.Current.CancellationToken);

        var metrics = report.ToMetrics();
        foreach (string name in new[] { "distinct_1", "distinct_2", "distinct_3", "self_bleu_4", "entropy_intent", "coverage_tone", "combination_coverage", "near_duplicate_rate", "vendi_score", "mode_seeking_ratio", "sensitivity_tone", "mmd_squared", "coverage_auroc", "downstream_synthetic_only_macro_f1", "downstream_real_only_macro_f1", "downstream_ensemble_macro_f1" })
        {
            metrics[name].IsMeasured.ShouldBeTrue(name);
        }

        metrics["entropy_intent"].Value!.Value.ShouldBe(1.0, 1e-12);
        metrics["combination_coverage"].Value.ShouldBe(1.0);
        report.Skipped.ShouldBeEmpty();
    }

    [Fact]
    public void Compute_TextsOnly_EmbeddingAndRealMetricsNotMeasuredWithReasons()
    {
        var report = DatasetMetrics.Compute(new EvaluationSet(["one two three four", "five six seven eight"]));

        var metrics = report.ToMetrics();
        metrics["distinct_1"].Value.ShouldBe(1.0);
        metrics["vendi_score"].NotMeasuredReason.ShouldBe("no embeddings were given");
        metrics["near_duplicate_rate"].IsMeasured.ShouldBeFalse();
        metrics["mmd_squared"].NotMeasuredReason.ShouldBe("no real examples were given");
        metrics["combination_coverage"].NotMeasuredReason.ShouldBe("no attribute schema was given");
        metrics["downstream_synthetic_only_macro_f1"].IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void FromSamples_UsesInputExpectedAndGeneratedAttributes()
    {
        var samples = new[]
        {
            new Sample
            {
                Id = "i001-s0001",
                Input = "refund please",
                Expected = "refund",
                RequestedAttributes = new Dictionary<string, string> { ["tone"] = "polite" },
                GeneratedAttributes = new Dictionary<string, string> { ["tone"] = "angry" },
            },
            new Sample { Id = "i001-s0002", Input = "card blocked", Expected = "card" },
        };

        var set = EvaluationSet.FromSamples(samples);

        set.Texts.ShouldBe(["refund please", "card blocked"]);
        set.Labels.ShouldBe(["refund", "card"]);
        set.Attributes![0]["tone"].ShouldBe("angry");
    }

    [Fact]
    public void FromSamples_MissingExpected_NoLabels()
    {
        var set = EvaluationSet.FromSamples([new Sample { Id = "a", Input = "x", Expected = "l" }, new Sample { Id = "b", Input = "y" }]);

        set.Labels.ShouldBeNull();
    }

    [Fact]
    public void Compute_MismatchedColumns_ListsEveryProblem()
    {
        var set = new EvaluationSet(["a", "b"]) { Labels = ["x"], Attributes = [] };

        var ex = Should.Throw<ArgumentException>(() => DatasetMetrics.Compute(set));

        ex.Message.ShouldContain("1 labels for 2 texts");
        ex.Message.ShouldContain("0 attribute sets for 2 texts");
    }

    [Fact]
    public void Compute_InvalidNestedOptions_ListsEveryProblem()
    {
        var options = new DatasetMetricsOptions
        {
            SelfBleu = new SelfBleuOptions { MaxReferences = 0 },
            NearDuplicates = new NearDuplicateOptions { Threshold = 2 },
        };

        var ex = Should.Throw<ArgumentException>(() => DatasetMetrics.Compute(new EvaluationSet(["a b c d"]), options: options));

        ex.Message.ShouldContain("SelfBleu");
        ex.Message.ShouldContain("NearDuplicates");
    }
}
