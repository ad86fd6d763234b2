namespace PromptForge.Tests.Inputs;

public sealed class StrictTextFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("pf-strict-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(byte[] content)
    {
        var path = Path.Combine(_folder, "input.txt");
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void ReadAllText_ValidUtf8WithBom_ReturnsTextWithoutTheMark()
    {
        var path = Write([0xEF, 0xBB, 0xBF, .. "héllo\nwörld"u8]);

        StrictTextFile.ReadAllText(path, 1024).ShouldBe("héllo\nwörld");
    }

    [Theory]
    [InlineData(new byte[] { 0x61, 0x0A, 0x62, 0xFF }, 2, 3)]              // a stray byte
    [InlineData(new byte[] { 0x0A, 0x0A, 0x0A, 0xC3, 0x28 }, 4, 3)]        // a lead byte without its continuation
    [InlineData(new byte[] { 0x78, 0xE2, 0x82 }, 1, 1)]                    // a sequence cut short at the end
    [InlineData(new byte[] { 0x78, 0xED, 0xA0, 0x80 }, 1, 1)]              // an encoded surrogate
    public void ReadAllText_InvalidUtf8_RefusedWithLineAndByteOffset(byte[] content, int line, long offset)
    {
        var path = Write(content);

        var error = Should.Throw<InputFileException>(() => StrictTextFile.ReadAllText(path, 1024));

        error.FilePath.ShouldBe(path);
        error.Line.ShouldBe(line);
        error.ByteOffset.ShouldBe(offset);
        error.Message.ShouldStartWith($"{path}:{line}: invalid UTF-8 at byte offset {offset}");
    }

    [Fact]
    public void ReadAllText_FileOverTheLimit_RefusedWithSizesAndHint()
    {
        var path = Write(new byte[3000]);

        var error = Should.Throw<InputFileException>(() => StrictTextFile.ReadAllText(path, 2048, "MaxThing"));

        error.Problem.ShouldBe("the file is 2.9 KiB; the limit is 2 KiB (MaxThing)");
        error.Line.ShouldBeNull();
    }

    [Fact]
    public void ReadAllText_FileExactlyAtTheLimit_IsRead()
    {
        var path = Write("abcd"u8.ToArray());

        StrictTextFile.ReadAllText(path, 4).ShouldBe("abcd");
    }
}
