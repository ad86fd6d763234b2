using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace PromptForge;

/// <summary>
/// Reads input files (configurations, schemas, task files, examples, prompts) as strict UTF-8 under a size limit:
/// a file over the limit is refused before it is read, and invalid UTF-8 is refused with its line and byte offset
/// instead of being silently replaced by U+FFFD and sent to a model.
/// </summary>
public static class StrictTextFile
{
    // Throws on invalid bytes instead of substituting U+FFFD.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Reads a whole file as UTF-8 text (a leading byte order mark is dropped).</summary>
    /// <param name="path">The file path.</param>
    /// <param name="maxBytes">The largest file accepted, in bytes.</param>
    /// <param name="limitHint">Said after the limit when the file is too large (for example how to raise it); optional.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InputFileException">The file is larger than <paramref name="maxBytes"/> or is not valid UTF-8.</exception>
    public static string ReadAllText(string path, long maxBytes, string? limitHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        byte[] bytes = ReadAllBytes(path, maxBytes, limitHint);
        return Decode(bytes, path);
    }

    /// <summary>Reads a whole file as bytes, refusing it before reading when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="maxBytes">The largest file accepted, in bytes.</param>
    /// <param name="limitHint">Said after the limit when the file is too large; optional.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is negative.</exception>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InputFileException">The file is larger than <paramref name="maxBytes"/>.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string? limitHint = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes)
        {
            throw TooLarge(path, stream.Length, maxBytes, limitHint);
        }

        // Read at most one byte past the limit: a file that grows while it is read is still refused, never buffered whole.
        var buffer = new byte[checked((int)Math.Min(stream.Length, maxBytes) + 1)];
        int total = 0;
        int read;
        while (total < buffer.Length && (read = stream.Read(buffer, total, buffer.Length - total)) > 0)
        {
            total += read;
        }

        if (total > maxBytes)
        {
            throw TooLarge(path, total, maxBytes, limitHint);
        }

        return buffer.AsSpan(0, total).ToArray();
    }

    /// <summary>Decodes UTF-8 bytes (a leading byte order mark is dropped).</summary>
    /// <param name="bytes">The bytes.</param>
    /// <param name="sourceName">The file name used in the error.</param>
    /// <returns>The text.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="sourceName"/> is <see langword="null"/>.</exception>
    /// <exception cref="InputFileException">The bytes are not valid UTF-8 (the line and byte offset of the first bad byte are named).</exception>
    public static string Decode(ReadOnlySpan<byte> bytes, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(sourceName);
        int start = bytes.StartsWith("\uFEFF"u8) ? 3 : 0;
        try
        {
            return Strict.GetString(bytes[start..]);
        }
        catch (DecoderFallbackException ex)
        {
            long offset = start + FirstInvalidByte(bytes[start..]);
            int line = 1 + bytes[..(int)offset].Count((byte)'\n');
            throw new InputFileException(
                sourceName,
                line,
                offset,
                string.Create(CultureInfo.InvariantCulture, $"invalid UTF-8 at byte offset {offset} (byte 0x{bytes[(int)offset]:X2}); save the file as UTF-8"),
                ex);
        }
    }

    /// <summary>Formats a byte count for messages (<c>50.0 MB</c>, <c>1.0 MiB</c> style, binary units).</summary>
    /// <param name="bytes">The count.</param>
    /// <returns>The text.</returns>
    public static string FormatSize(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GiB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MiB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(bytes.Length, 1));
        try
        {
            OperationStatus status = Utf8.ToUtf16(bytes, chars, out int read, out _, replaceInvalidSequences: false);
            return status == OperationStatus.Done ? bytes.Length - 1 : Math.Min(read, bytes.Length - 1);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static InputFileException TooLarge(string path, long size, long maxBytes, string? limitHint) =>
        new(path, null, null, $"the file is {FormatSize(size)}; the limit is {FormatSize(maxBytes)}" + (limitHint is null ? string.Empty : $" ({limitHint})"));
}
