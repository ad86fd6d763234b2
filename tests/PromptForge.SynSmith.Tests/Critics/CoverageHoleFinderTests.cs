using PromptForge.SynSmith.Tests.Fakes;

namespace PromptForge.SynSmith.Tests.Critics;

public sealed class CoverageHoleFinderTests
{
    [Fact]
    public async Task Defect12_SameDistribution_CrossValidatedAurocIsNearChance()
    {
        // Half of each Banking77 class plays "synthetic": an in-sample classifier separates 150 vs 150 texts in
        // 256 dimensions perfectly (AUROC about 1.0, the reference's figure); cross-validated it cannot.
        var schema = AttributeSchema.Load(TestData.File("banking77", "schema.yaml"));
        var all = RealExampleSet.Load(TestData.File("banking77", "splits/banking77_real_train.jsonl"), schema);
        var halves = all.Select((e, i) => (e, i)).GroupBy(p => p.i % 2 == 0).ToDictionary(g => g.Key, g => g.Select(p => p.e).ToArray());
        var real = RealExampleSet.Create(halves[true], schema);
        var samples = halves[false].Select((e, i) => new Sample { Id = SampleIds.Create(0, i), Input = e.Text, Expected = e.Label }).ToArray();

        var run = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, samples, new CoverageHoleFinder(real));

        var auroc = run.MetricHistory[0].Metrics[CoverageHoleFinder.AurocMetric];
        auroc.Value!.Value.ShouldBeLessThan(0.75);
    }

    [Fact]
    public async Task CritiqueAsync_DisjointSets_HighAurocAndHolesAreRealTexts()
    {
        var schema = TestData.CustomerSupportSchema();
        var real = TestData.CustomerSupportReal();
        var samples = Enumerable.Range(0, 20).Select(i => new Sample { Id = SampleIds.Create(0, i), Input = $"zebra quantum lattice {i}", Expected = "complaint" }).ToArray();

        var run = await Contexts.RunCriticsAsync(new FakeSynSmithModel().Client, samples, new CoverageHoleFinder(real, new CoverageHoleFinderOptions { TopK = 3 }));

        var critique = run.MetricHistory[0].Critiques.Single();
        critique.Metrics[CoverageHoleFinder.AurocMetric].Value!.Value.ShouldBeGreaterThan(0.9);
        var hole = critique.Complaints.Single();
        hole.Code.ShouldBe("coverage_hole");
        hole.Evidence.Count.ShouldBe(3);
        hole.Evidence.ShouldAllBe(e => real.Any(r => e.Contains(r.Label, StringComparison.Ordinal)));
    }
}
