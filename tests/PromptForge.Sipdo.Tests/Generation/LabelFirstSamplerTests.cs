namespace PromptForge.Sipdo.Tests.Generation;

public sealed class LabelFirstSamplerTests
{
    private static readonly string[] Labels = ["a", "b", "c"];

    private static readonly Dictionary<string, double> Skewed = new(StringComparer.Ordinal) { ["a"] = 0.75, ["b"] = 0.25 };

    [Fact]
    public void Next_SkewedRealLabels_DrawsInTheRealProportionsAtEveryPrefix()
    {
        var drawn = Draw(40, seed: 1);

        for (var n = 4; n <= drawn.Count; n += 4)
        {
            var prefix = drawn.Take(n).ToList();
            prefix.Count(l => l == "a").ShouldBe(3 * n / 4, $"after {n} draws");
            prefix.Count(l => l == "b").ShouldBe(n / 4, $"after {n} draws");
        }

        drawn.ShouldNotContain("c", "a label absent from the real examples is not drawn while the others are short");
    }

    [Fact]
    public void Next_SameSeed_SameSequence_AndDivergenceStaysSmall()
    {
        Draw(24, seed: 9).ShouldBe(Draw(24, seed: 9));

        var counts = Draw(24, seed: 9).GroupBy(l => l).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        LabelFirstSampler.Divergence(Labels, Skewed, counts).ShouldBeLessThan(0.01);
        LabelFirstSampler.Divergence(Labels, Skewed, new Dictionary<string, int>(StringComparer.Ordinal) { ["b"] = 24 }).ShouldBeGreaterThan(1);
    }

    private static List<string> Draw(int count, int seed)
    {
        var random = new Random(seed);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var drawn = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var label = LabelFirstSampler.Next(Labels, Skewed, counts, random);
            counts[label] = counts.GetValueOrDefault(label) + 1;
            drawn.Add(label);
        }

        return drawn;
    }
}
