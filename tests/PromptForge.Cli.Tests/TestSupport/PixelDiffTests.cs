namespace PromptForge.Cli.Tests.TestSupport;

public sealed class PixelDiffTests
{
    private static PngImage Solid(int width, int height, byte gray)
    {
        byte[] rgba = new byte[width * height * 4];
        for (int i = 0; i < rgba.Length; i += 4)
        {
            rgba[i] = rgba[i + 1] = rgba[i + 2] = gray;
            rgba[i + 3] = 255;
        }

        return new PngImage(width, height, rgba);
    }

    [Fact]
    public void DifferentFraction_ShiftsWithinChannelTolerance_CountsNothing()
    {
        PngImage expected = Solid(10, 10, 100);
        PngImage actual = Solid(10, 10, 100 + PixelDiff.ChannelTolerance);

        PixelDiff.DifferentFraction(expected, actual).ShouldBe(0);
        PixelDiff.Matches(expected, actual).ShouldBeTrue();
    }

    [Fact]
    public void DifferentFraction_OnePixelChangedBeyondTolerance_CountsThatPixel()
    {
        PngImage expected = Solid(10, 10, 100);
        PngImage actual = Solid(10, 10, 100);
        actual.Rgba[4 * 37 + 2] = 100 + PixelDiff.ChannelTolerance + 1;   // blue of pixel 37

        PixelDiff.DifferentFraction(expected, actual).ShouldBe(0.01);
        PixelDiff.Matches(expected, actual).ShouldBeFalse();                // 1% is above the 0.5% allowed
    }

    [Fact]
    public void DifferentFraction_DifferentSizes_IsEverything()
    {
        PixelDiff.DifferentFraction(Solid(10, 10, 0), Solid(10, 11, 0)).ShouldBe(1);
    }
}
