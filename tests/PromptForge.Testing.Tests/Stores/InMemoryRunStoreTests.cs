using System.Text;

namespace PromptForge.Testing.Tests.Stores;

public sealed class InMemoryRunStoreTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "pf-memstore-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task CreateRunAsync_NoRequestedId_ReturnsPredictableIdsSkippingTakenOnes()
    {
        var store = new InMemoryRunStore();

        string first = await store.CreateRunAsync(cancellationToken: Token);
        await store.CreateRunAsync("run-002", Token);
        string third = await store.CreateRunAsync(cancellationToken: Token);

        first.ShouldBe("run-001");
        third.ShouldBe("run-003");
        (await store.ListRunsAsync(Token)).ShouldBe(["run-001", "run-002", "run-003"]);
    }

    [Fact]
    public async Task CreateRunAsync_RequestedIdExists_ThrowsNamingTheRun()
    {
        var store = new InMemoryRunStore();
        await store.CreateRunAsync("mine", Token);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => store.CreateRunAsync("mine", Token));

        ex.Message.ShouldContain("'mine' already exists");
    }

    [Theory]
    [InlineData("")]
    [InlineData("..")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("name.")]
    [InlineData("has space")]
    [InlineData("tmp~file")]
    public async Task CreateRunAsync_InvalidId_RejectsExactlyLikeFileSystemStore(string runId)
    {
        var fileSystem = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root });
        var memory = new InMemoryRunStore();

        var expected = await Should.ThrowAsync<ArgumentException>(() => fileSystem.CreateRunAsync(runId, Token));
        var actual = await Should.ThrowAsync<ArgumentException>(() => memory.CreateRunAsync(runId, Token));

        actual.Message.ShouldBe(expected.Message);
        (await memory.ListRunsAsync(Token)).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("/absolute.txt")]
    [InlineData("iter_001\\prompt.txt")]
    [InlineData("../other/file.txt")]
    [InlineData("iter_001//prompt.txt")]
    [InlineData("iter_001/./prompt.txt")]
    [InlineData("iter_001/.prompt.txt~tmp")]
    [InlineData("")]
    public async Task WriteFileAsync_InvalidPath_RejectsExactlyLikeFileSystemStoreAndWritesNothing(string path)
    {
        var fileSystem = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _root });
        await fileSystem.CreateRunAsync("run", Token);
        var memory = new InMemoryRunStore();
        await memory.CreateRunAsync("run", Token);

        var expected = await Should.ThrowAsync<ArgumentException>(() => fileSystem.WriteFileAsync("run", path, new byte[] { 1 }, Token));
        var actual = await Should.ThrowAsync<ArgumentException>(() => memory.WriteFileAsync("run", path, new byte[] { 1 }, Token));

        actual.Message.ShouldBe(expected.Message);
        actual.ParamName.ShouldBe("relativePath");
        memory.Files("run").ShouldBeEmpty();
    }

    [Fact]
    public async Task WriteFileAsync_UnknownRun_ThrowsInvalidOperation()
    {
        var store = new InMemoryRunStore();

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => store.WriteFileAsync("ghost", "a.txt", new byte[] { 1 }, Token));

        ex.Message.ShouldContain("'ghost' does not exist");
    }

    [Fact]
    public async Task WriteFileAsync_CallerChangesBufferLater_StoredContentUnchanged()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        byte[] content = Encoding.UTF8.GetBytes("first");

        await store.WriteFileAsync(runId, "notes/a.txt", content, Token);
        content[0] = (byte)'X';
        byte[] read = (await store.ReadFileAsync(runId, "notes/a.txt", Token))!;
        read[1] = (byte)'Y';

        store.ReadText(runId, "notes/a.txt").ShouldBe("first");
    }

    [Fact]
    public async Task WriteFileAsync_ExistingFile_ReplacesWholeContent()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);

        await store.WriteFileAsync(runId, "manifest.json", Encoding.UTF8.GetBytes("a much longer first version"), Token);
        await store.WriteFileAsync(runId, "manifest.json", Encoding.UTF8.GetBytes("v2"), Token);

        store.ReadText(runId, "manifest.json").ShouldBe("v2");
    }

    [Fact]
    public async Task WriteFileAsync_PathCrossesAFileOrIsAFolder_ThrowsIOExceptionLikeADisk()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        await store.WriteFileAsync(runId, "iter_001/critics/score.json", new byte[] { 1 }, Token);

        var underFile = await Should.ThrowAsync<IOException>(() => store.WriteFileAsync(runId, "iter_001/critics/score.json/x", new byte[] { 2 }, Token));
        var overFolder = await Should.ThrowAsync<IOException>(() => store.WriteFileAsync(runId, "iter_001/critics", new byte[] { 3 }, Token));

        underFile.Message.ShouldContain("'iter_001/critics/score.json' is a file");
        overFolder.Message.ShouldContain("is a folder");
        store.Files(runId).Keys.ShouldBe(["iter_001/critics/score.json"]);
    }

    [Fact]
    public async Task BeforeWrite_Throws_FileKeepsPreviousContent()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        await store.WriteFileAsync(runId, "manifest.json", Encoding.UTF8.GetBytes("old"), Token);
        var seen = new List<(string RunId, string Path)>();
        store.BeforeWrite = (run, path) =>
        {
            seen.Add((run, path));
            if (path == "manifest.json")
            {
                throw new IOException("simulated crash");
            }
        };

        await store.WriteFileAsync(runId, "iter_001/prompt.txt", Encoding.UTF8.GetBytes("p"), Token);
        await Should.ThrowAsync<IOException>(() => store.WriteFileAsync(runId, "manifest.json", Encoding.UTF8.GetBytes("new"), Token));

        seen.ShouldBe([(runId, "iter_001/prompt.txt"), (runId, "manifest.json")]);
        store.ReadText(runId, "manifest.json").ShouldBe("old");
        store.ReadText(runId, "iter_001/prompt.txt").ShouldBe("p");
    }

    [Fact]
    public async Task ReadFileAsync_MissingFileOrRun_ReturnsNull()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);

        (await store.ReadFileAsync(runId, "nothing.json", Token)).ShouldBeNull();
        (await store.ReadFileAsync("ghost", "nothing.json", Token)).ShouldBeNull();
    }

    [Fact]
    public async Task ListFilesAsync_WithDirectory_ReturnsOnlyItsFilesSortedOrdinally()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        foreach (string path in new[] { "iter_001/samples.jsonl", "iter_0010/prompt.txt", "manifest.json", "iter_001/critics/b.json", "iter_001/Prompt.txt" })
        {
            await store.WriteFileAsync(runId, path, new byte[] { 1 }, Token);
        }

        (await store.ListFilesAsync(runId, "iter_001", Token)).ShouldBe(["iter_001/Prompt.txt", "iter_001/critics/b.json", "iter_001/samples.jsonl"]);
        (await store.ListFilesAsync(runId, "iter_999", Token)).ShouldBeEmpty();
        (await store.ListFilesAsync(runId, cancellationToken: Token)).Count.ShouldBe(5);
        await Should.ThrowAsync<InvalidOperationException>(() => store.ListFilesAsync("ghost", cancellationToken: Token));
        await Should.ThrowAsync<ArgumentException>(() => store.ListFilesAsync(runId, "../x", Token));
    }

    [Fact]
    public async Task ReadText_MissingFile_ThrowsListingTheFilesThatExist()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        await store.WriteFileAsync(runId, "config.json", new byte[] { (byte)'{', (byte)'}' }, Token);

        var ex = Should.Throw<FileNotFoundException>(() => store.ReadText(runId, "manifest.json"));

        ex.Message.ShouldContain("no file 'manifest.json'");
        ex.Message.ShouldContain("config.json");
    }

    [Fact]
    public async Task Files_LaterWrites_DoNotChangeTheSnapshot()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        await store.WriteFileAsync(runId, "b.txt", new byte[] { 1 }, Token);
        await store.WriteFileAsync(runId, "a.txt", new byte[] { 2 }, Token);

        var snapshot = store.Files(runId);
        await store.WriteFileAsync(runId, "a.txt", new byte[] { 9 }, Token);
        await store.WriteFileAsync(runId, "c.txt", new byte[] { 3 }, Token);

        snapshot.Keys.ShouldBe(["a.txt", "b.txt"]);
        snapshot["a.txt"].ShouldBe(new byte[] { 2 });
        Should.Throw<InvalidOperationException>(() => store.Files("ghost"));
    }

    [Fact]
    public async Task GetRunLocation_ValidatesAndNamesTheMemoryStore()
    {
        var store = new InMemoryRunStore();

        store.GetRunLocation("run-001").ShouldBe("memory://run-001");
        Should.Throw<ArgumentException>(() => store.GetRunLocation("../x"));
        await Should.ThrowAsync<ArgumentException>(() => store.RunExistsAsync("a/b", Token));
    }

    [Fact]
    public async Task Methods_CancelledToken_ThrowWithoutChangingAnything()
    {
        var store = new InMemoryRunStore();
        string runId = await store.CreateRunAsync(cancellationToken: Token);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(() => store.CreateRunAsync(cancellationToken: cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(() => store.WriteFileAsync(runId, "a.txt", new byte[] { 1 }, cancelled.Token));
        await Should.ThrowAsync<OperationCanceledException>(() => store.ListRunsAsync(cancelled.Token));

        (await store.ListRunsAsync(Token)).ShouldBe([runId]);
        store.Files(runId).ShouldBeEmpty();
    }

    [Fact]
    public async Task ConcurrentCreatesAndWrites_EveryRunAndFileIsKept()
    {
        var store = new InMemoryRunStore();

        string[] runIds = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => store.CreateRunAsync(cancellationToken: Token), Token)));
        await Task.WhenAll(runIds.SelectMany(runId => Enumerable.Range(0, 20).Select(i =>
            Task.Run(() => store.WriteFileAsync(runId, $"iter_{i:000}/prompt.txt", Encoding.UTF8.GetBytes($"{runId}:{i}"), Token), Token))));

        runIds.Distinct(StringComparer.Ordinal).Count().ShouldBe(32);
        foreach (string runId in runIds)
        {
            var files = store.Files(runId);
            files.Count.ShouldBe(20);
            Encoding.UTF8.GetString(files["iter_007/prompt.txt"]).ShouldBe($"{runId}:7");
        }
    }
}
