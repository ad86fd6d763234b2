using System.Globalization;

namespace PromptForge;

/// <summary>Creates PromptForge's own sample ids, so ids never depend on what a model returns.</summary>
public static class SampleIds
{
    /// <summary>Creates the id of the <paramref name="index"/>-th sample written in <paramref name="iteration"/>.</summary>
    /// <param name="iteration">The iteration (0 for real examples).</param>
    /// <param name="index">The index of the sample within the iteration.</param>
    /// <returns>An id such as <c>i003-s0007</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static string Create(int iteration, int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iteration);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return string.Create(CultureInfo.InvariantCulture, $"i{iteration:000}-s{index:0000}");
    }

    /// <summary>Creates the id of a real example.</summary>
    /// <param name="index">The index of the example in its file.</param>
    /// <returns>An id such as <c>real-0012</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is negative.</exception>
    public static string CreateReal(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return string.Create(CultureInfo.InvariantCulture, $"real-{index:0000}");
    }
}
