namespace PromptForge.Evaluation.Tests.Agreement;

public sealed class FleissKappaTests
{
    [Fact]
    public void Compute_FleissWorkedExample_MatchesThePublishedKappa()
    {
        // Fleiss (1971) as reproduced on Wikipedia: 10 subjects, 14 raters, 5 categories; kappa 0.210.
        int[][] counts =
        [
            [0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7],
        ];
        var ratings = counts.Select(row => (IReadOnlyList<string>)row.SelectMany((n, category) => Enumerable.Repeat($"c{category + 1}", n)).ToArray()).ToList();

        MetricValue kappa = FleissKappa.Compute(ratings);

        kappa.Value!.Value.ShouldBe(0.210, 0.0005);
        kappa.SampleSize.ShouldBe(10);
    }

    [Fact]
    public void Compute_EveryRaterAgreesOnEverySubjectAcrossTwoCategories_IsOne()
    {
        MetricValue kappa = FleissKappa.Compute([["real", "real", "real"], ["synthetic", "synthetic", "synthetic"]]);

        kappa.Value!.Value.ShouldBe(1.0, 1e-12);
    }

    [Fact]
    public void Compute_RatersNeverAgree_IsBelowZero()
    {
        // Two raters: one always "a", the other always "b": observed agreement 0, chance agreement 0.5.
        MetricValue kappa = FleissKappa.Compute([["a", "b"], ["a", "b"], ["a", "b"]]);

        kappa.Value!.Value.ShouldBe(-1.0, 1e-12);
    }

    [Fact]
    public void Compute_EveryRatingInOneCategory_IsNotMeasuredWithTheReason()
    {
        MetricValue kappa = FleissKappa.Compute([["real", "real"], ["real", "real"]]);

        kappa.IsMeasured.ShouldBeFalse();
        kappa.NotMeasuredReason!.ShouldContain("one category");
    }

    [Fact]
    public void Compute_NoSubjectOrOneRater_IsNotMeasured()
    {
        FleissKappa.Compute([]).IsMeasured.ShouldBeFalse();
        FleissKappa.Compute([["a"], ["b"]]).IsMeasured.ShouldBeFalse();
    }

    [Fact]
    public void Compute_SubjectsWithDifferentRaterCounts_Throws()
    {
        Should.Throw<ArgumentException>(() => FleissKappa.Compute([["a", "b"], ["a"]]));
    }
}
