namespace PromptForge.Cli.Reporting;

/// <summary>The kind of one line in a <see cref="LineDiff"/>.</summary>
internal enum DiffKind
{
    Unchanged,
    Removed,
    Added,
}

/// <summary>One line of a diff.</summary>
internal readonly record struct DiffLine(DiffKind Kind, string Text);

/// <summary>A line diff of two texts by longest common subsequence (prompts are short: O(n·m) is fine).</summary>
internal static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string before, string after)
    {
        string[] a = SplitLines(before);
        string[] b = SplitLines(after);

        // lengths[i, j] = LCS length of a[i..] and b[j..].
        var lengths = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                lengths[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal)
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                result.Add(new DiffLine(DiffKind.Unchanged, a[x++]));
                y++;
            }
            else if (lengths[x + 1, y] >= lengths[x, y + 1])
            {
                result.Add(new DiffLine(DiffKind.Removed, a[x++]));
            }
            else
            {
                result.Add(new DiffLine(DiffKind.Added, b[y++]));
            }
        }

        while (x < a.Length)
        {
            result.Add(new DiffLine(DiffKind.Removed, a[x++]));
        }

        while (y < b.Length)
        {
            result.Add(new DiffLine(DiffKind.Added, b[y++]));
        }

        return result;
    }

    private static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
}
