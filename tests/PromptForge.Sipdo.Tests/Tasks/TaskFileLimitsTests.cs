namespace PromptForge.Sipdo.Tests.Tasks;

public sealed class TaskFileLimitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("sipdo-task-limits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task LoadAsync_InvalidUtf8_RefusedWithLineAndByteOffsetInsteadOfReplacementCharacters()
    {
        var path = Path.Combine(_folder, "task.jsonl");
        await File.WriteAllBytesAsync(path, [.. "{\"input\": \"2+2?\", \"target\": \"4\"}\n{\"input\": \"na"u8, 0xEF, 0xBF, .. "ve?\", \"target\": \"5\"}\n"u8], TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<TaskFileException>(() => TaskFiles.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken));

        error.FilePath.ShouldBe(path);
        error.Problem.ShouldStartWith("line 2: invalid UTF-8 at byte offset 46");
        error.InnerException.ShouldBeOfType<InputFileException>().Line.ShouldBe(2);
    }

    [Fact]
    public async Task LoadAsync_FileOverMaxFileBytes_RefusedBeforeReading()
    {
        var path = Path.Combine(_folder, "big.jsonl");
        await File.WriteAllTextAsync(path, string.Concat(Enumerable.Repeat("{\"input\": \"q\", \"target\": \"a\"}\n", 100)), TestContext.Current.CancellationToken);

        var error = await Should.ThrowAsync<TaskFileException>(() => TaskFiles.LoadAsync(path, new TaskFileOptions { MaxFileBytes = 1024 }, TestContext.Current.CancellationToken));

        error.Problem.ShouldContain("the limit is 1 KiB (MaxFileBytes)");
    }

    [Fact]
    public async Task LoadAsync_ByteOrderMark_IsDroppedNotRefused()
    {
        var path = Path.Combine(_folder, "bom.jsonl");
        await File.WriteAllBytesAsync(path, [0xEF, 0xBB, 0xBF, .. "{\"input\": \"q\", \"target\": \"a\"}\n"u8], TestContext.Current.CancellationToken);

        var task = await TaskFiles.LoadAsync(path, cancellationToken: TestContext.Current.CancellationToken);

        task.Examples.ShouldHaveSingleItem().Input.ShouldBe("q");
    }
}
