using PromptForge.Cli.Reporting;

namespace PromptForge.Cli.Tests.Reporting;

public sealed class LineDiffTests
{
    [Fact]
    public void Compute_InsertedAndRemovedLines_MarksOnlyTheChanges()
    {
        IReadOnlyList<DiffLine> diff = LineDiff.Compute("a\nb\nc", "a\nx\nc\nd");

        diff.ShouldBe(
        [
            new DiffLine(DiffKind.Unchanged, "a"),
            new DiffLine(DiffKind.Removed, "b"),
            new DiffLine(DiffKind.Added, "x"),
            new DiffLine(DiffKind.Unchanged, "c"),
            new DiffLine(DiffKind.Added, "d"),
        ]);
    }

    [Fact]
    public void Compute_SameTextWithDifferentLineEndings_IsUnchanged()
    {
        LineDiff.Compute("a\r\nb\r\n", "a\nb").ShouldAllBe(l => l.Kind == DiffKind.Unchanged);
    }

    [Fact]
    public void Compute_FromEmpty_AddsEveryLine()
    {
        LineDiff.Compute(string.Empty, "a\nb").Select(l => l.Kind).ShouldBe([DiffKind.Added, DiffKind.Added]);
    }
}
