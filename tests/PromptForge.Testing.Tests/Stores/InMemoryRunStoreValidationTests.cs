namespace PromptForge.Testing.Tests.Stores;

/// <summary>
/// <see cref="InMemoryRunStore"/> accepts and rejects run ids and paths exactly like <see cref="FileSystemRunStore"/>
/// (both compile the same validation source), so a test that passes in memory does not fail on disk over a name.
/// </summary>
public sealed class InMemoryRunStoreValidationTests
{
    [Theory]
    [InlineData("20261121-150552-2c33b5", true)]
    [InlineData("run_1.v2", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("a..b", false)]
    [InlineData("a/b", false)]
    [InlineData("ends.", false)]
    [InlineData("caf\u00e9", false)]
    public async Task CreateRunAsync_RequestedRunId_AcceptedOrRejectedLikeTheFileSystemStore(string runId, bool valid)
    {
        string directory = Directory.CreateTempSubdirectory("pf-store-").FullName;
        try
        {
            var onDisk = await Record.ExceptionAsync(() => new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = directory }).CreateRunAsync(runId));
            var inMemory = await Record.ExceptionAsync(() => new InMemoryRunStore().CreateRunAsync(runId));

            (inMemory is null).ShouldBe(valid);
            (onDisk is null).ShouldBe(valid);
            inMemory?.ShouldBeOfType<ArgumentException>().ParamName.ShouldBe("requestedRunId");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task WriteFileAsync_PathEscapingTheRun_ThrowsNamingTheBadSegmentAndWritesNothing()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync();

        var ex = await Should.ThrowAsync<ArgumentException>(() => store.WriteFileAsync(runId, "iter_001/../../etc", new byte[] { 1 }));

        ex.ParamName.ShouldBe("relativePath");
        ex.Message.ShouldContain("segment '..' contains '..'");
        (await store.ListFilesAsync(runId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteFileAsync_PathTooLong_ReportsTheLimit()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync();
        string path = string.Join('/', Enumerable.Repeat(new string('a', 99), 5));

        var ex = await Should.ThrowAsync<ArgumentException>(() => store.WriteFileAsync(runId, path, new byte[] { 1 }));

        ex.Message.ShouldContain("at most 400 are allowed");
        await store.WriteFileAsync(runId, "iter_001/critics/answer_format.json", new byte[] { 1 });
        (await store.ReadFileAsync(runId, "iter_001/critics/answer_format.json")).ShouldBe(new byte[] { 1 });
    }
}
