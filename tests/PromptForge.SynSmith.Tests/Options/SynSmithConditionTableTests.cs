namespace PromptForge.SynSmith.Tests.Options;

/// <summary>The conditions table in docs/synsmith-gate.md is the reference's baselines.py; the code must match it row by row.</summary>
public sealed class SynSmithConditionTableTests
{
    private static readonly Dictionary<string, string> Letters = new(StringComparer.Ordinal)
    {
        ["V"] = SynSmithCriticNames.AttributeVerifier,
        ["D"] = SynSmithCriticNames.RealismDiscriminator,
        ["A"] = SynSmithCriticNames.DiversityAuditor,
        ["P"] = SynSmithCriticNames.PackDiscriminator,
        ["MS"] = SynSmithCriticNames.ModeSeeking,
        ["MH"] = SynSmithCriticNames.ModeHunter,
        ["CH"] = SynSmithCriticNames.CoverageHoleFinder,
    };

    private static List<string[]> TableRows()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "docs", "synsmith-gate.md")))
        {
            directory = directory.Parent;
        }

        directory.ShouldNotBeNull("docs/synsmith-gate.md not found above the test binaries");
        var lines = File.ReadAllLines(Path.Combine(directory.FullName, "docs", "synsmith-gate.md"));
        var start = Array.FindIndex(lines, l => l.Contains("conditions-table", StringComparison.Ordinal));
        return lines.Skip(start + 3)
            .TakeWhile(l => l.StartsWith('|'))
            .Select(l => l.Trim('|').Split('|').Select(c => c.Trim()).ToArray())
            .ToList();
    }

    [Fact]
    public void DocumentedTable_CoversEveryCondition()
    {
        TableRows().Select(r => r[0]).Order(StringComparer.Ordinal)
            .ShouldBe(Enum.GetValues<SynSmithCondition>().Select(SynSmithConditionNames.ToName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EveryCondition_CriticsUpdaterAnchorsAndIterations_MatchTheDocumentedReferenceTable()
    {
        foreach (var row in TableRows())
        {
            SynSmithConditionNames.TryParse(row[0], out var condition).ShouldBeTrue(row[0]);
            var options = new SynSmithOptions { Condition = condition };
            options.Generator.StyleAnchorsPerClass = 3;

            options.ActiveCritics().Order(StringComparer.Ordinal)
                .ShouldBe(row[1].Split(',', StringSplitOptions.TrimEntries).Select(l => Letters[l]).Order(StringComparer.Ordinal), row[0]);
            options.RewritesPrompt.ShouldBe(row[2] == "yes", row[0]);
            options.StyleAnchorsPerClass.ShouldBe(row[4] == "max(config, 8)" ? 8 : 3, row[0]);

            var builder = PromptLoop.Create().WithMaxIterations(3).WithSamplesPerIteration(16).WithSynSmithSchedule(condition);
            (builder.Options.MaxIterations, builder.Options.SamplesPerIteration).ShouldBe(row[3] == "1" ? (1, 48) : (3, 16), row[0]);
        }
    }

    [Theory]
    [InlineData("no_pack", SynSmithCriticNames.PackDiscriminator)]
    [InlineData("no_mode_seeking", SynSmithCriticNames.ModeSeeking)]
    [InlineData("no_mode_hunter", SynSmithCriticNames.ModeHunter)]
    [InlineData("no_coverage_hole", SynSmithCriticNames.CoverageHoleFinder)]
    public void TryParse_LeaveOneOutName_IsFullWithoutThatCritic(string name, string critic)
    {
        SynSmithConditionNames.TryParse(name, out var condition, out var excluded).ShouldBeTrue();

        condition.ShouldBe(SynSmithCondition.Full);
        excluded.ShouldBe(critic);
    }

    [Fact]
    public void SelfCritique_AuditorAsksTheModelOnePassConditionsDoNot()
    {
        new SynSmithOptions { Condition = SynSmithCondition.SelfCritique }.AuditorUsesModel.ShouldBeTrue();
        new SynSmithOptions { Condition = SynSmithCondition.Naive }.AuditorUsesModel.ShouldBeFalse();
        new SynSmithOptions { Condition = SynSmithCondition.FewShot }.AuditorUsesModel.ShouldBeFalse();
    }
}
