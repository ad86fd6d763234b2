namespace PromptForge.Cli.Tests.TestSupport;

/// <summary>
/// Compares two screenshots pixel by pixel with a tolerance.
/// </summary>
/// <remarks>
/// The tolerance: a pixel counts as different when any of its R, G, B or A values differs by more than
/// <see cref="ChannelTolerance"/> (of 255), which ignores anti-aliasing and sub-pixel text rendering that may shift by a
/// few levels between Chromium or FreeType builds; the images match when at most <see cref="MaxDifferentFraction"/> of
/// all pixels differ (0.5% of a 1280 x 1600 screenshot is about 10,000 pixels, about one chart's line moved or a dozen
/// glyphs re-hinted). A missing chart, a changed color, a layout shift or a changed number is well above both limits.
/// </remarks>
internal static class PixelDiff
{
    public const int ChannelTolerance = 32;

    public const double MaxDifferentFraction = 0.005;

    /// <summary>Returns the share of pixels that differ beyond <see cref="ChannelTolerance"/>; 1 when the sizes differ.</summary>
    public static double DifferentFraction(PngImage expected, PngImage actual)
    {
        if (expected.Width != actual.Width || expected.Height != actual.Height)
        {
            return 1;
        }

        long different = 0;
        byte[] a = expected.Rgba, b = actual.Rgba;
        for (int i = 0; i < a.Length; i += 4)
        {
            if (Math.Abs(a[i] - b[i]) > ChannelTolerance || Math.Abs(a[i + 1] - b[i + 1]) > ChannelTolerance
                || Math.Abs(a[i + 2] - b[i + 2]) > ChannelTolerance || Math.Abs(a[i + 3] - b[i + 3]) > ChannelTolerance)
            {
                different++;
            }
        }

        return (double)different / (a.Length / 4);
    }

    /// <summary>Whether <paramref name="actual"/> matches <paramref name="expected"/> within the documented tolerance.</summary>
    public static bool Matches(PngImage expected, PngImage actual) => DifferentFraction(expected, actual) <= MaxDifferentFraction;
}
