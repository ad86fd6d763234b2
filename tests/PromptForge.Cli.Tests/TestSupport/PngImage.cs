using System.Buffers.Binary;
using System.IO.Compression;

namespace PromptForge.Cli.Tests.TestSupport;

/// <summary>
/// A decoded PNG as 8-bit RGBA pixels. Hand-written because the test projects reference no imaging library and the
/// screenshots compared here are only what Chromium writes: 8-bit truecolor (RGB or RGBA), non-interlaced.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    public PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        Rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>Gets the pixels, row by row, 4 bytes (R, G, B, A) each.</summary>
    public byte[] Rgba { get; }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < Signature.Length || !png.AsSpan(0, Signature.Length).SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file.");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        int offset = Signature.Length;
        while (offset + 8 <= png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            ReadOnlySpan<byte> data = png.AsSpan(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    byte bitDepth = data[8], colorType = data[9], interlace = data[12];
                    channels = colorType switch { 2 => 3, 6 => 4, _ => 0 };
                    if (bitDepth != 8 || channels == 0 || interlace != 0)
                    {
                        throw new NotSupportedException($"PNG with bit depth {bitDepth}, color type {colorType}, interlace {interlace} is not supported (8-bit RGB/RGBA, non-interlaced only).");
                    }

                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            offset += 12 + length;   // length, type, data, CRC
        }

        idat.Position = 0;
        int stride = width * channels;
        byte[] raw = new byte[(stride + 1) * height];
        using (var inflater = new ZLibStream(idat, CompressionMode.Decompress))
        {
            inflater.ReadExactly(raw);
        }

        byte[] rgba = new byte[width * height * 4];
        byte[] previous = new byte[stride];
        byte[] current = new byte[stride];
        for (int y = 0; y < height; y++)
        {
            int rowStart = y * (stride + 1);
            byte filter = raw[rowStart];
            raw.AsSpan(rowStart + 1, stride).CopyTo(current);
            Unfilter(filter, current, previous, channels);
            for (int x = 0; x < width; x++)
            {
                int target = (y * width + x) * 4;
                rgba[target] = current[x * channels];
                rgba[target + 1] = current[x * channels + 1];
                rgba[target + 2] = current[x * channels + 2];
                rgba[target + 3] = channels == 4 ? current[x * channels + 3] : (byte)255;
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgba);
    }

    private static void Unfilter(byte filter, byte[] row, byte[] above, int bytesPerPixel)
    {
        for (int i = 0; i < row.Length; i++)
        {
            int left = i >= bytesPerPixel ? row[i - bytesPerPixel] : 0;
            int up = above[i];
            int upLeft = i >= bytesPerPixel ? above[i - bytesPerPixel] : 0;
            int predictor = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                4 => Paeth(left, up, upLeft),
                _ => throw new InvalidDataException($"Unknown PNG filter type {filter}."),
            };
            row[i] = (byte)(row[i] + predictor);
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
