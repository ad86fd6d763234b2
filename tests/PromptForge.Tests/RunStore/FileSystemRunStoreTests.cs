using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Tests.RunStore;

public sealed partial class FileSystemRunStoreTests : IDisposable
{
    private static readonly DateTimeOffset s_fixedNow = new(2026, 11, 21, 14, 30, 5, TimeSpan.Zero);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [GeneratedRegex("^20261121-143005-[0-9a-f]{6}$")]
    private static partial Regex GeneratedIdPattern();

    private FileSystemRunStore CreateStore(int? seed = 1) => new(new FileSystemRunStoreOptions
    {
        RootDirectory = _temp.Path,
        TimeProvider = new FakeTimeProvider(s_fixedNow),
        IdSeed = seed,
    });

    [Fact]
    public async Task CreateRunAsync_NoRequestedId_GeneratesTimestampedIdAndFolder()
    {
        var store = CreateStore();

        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);

        runId.ShouldMatch(GeneratedIdPattern().ToString());
        Directory.Exists(Path.Combine(_temp.Path, runId)).ShouldBeTrue();
        (await store.RunExistsAsync(runId, TestContext.Current.CancellationToken)).ShouldBeTrue();
        store.GetRunLocation(runId).ShouldBe(Path.Combine(_temp.Path, runId));
    }

    [Fact]
    public async Task CreateRunAsync_SameSeedInNewStore_SkipsExistingIdWithoutCollision()
    {
        string first = await CreateStore(seed: 7).CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);

        // A second store with the same seed and clock draws the same first suffix: it must move on.
        string second = await CreateStore(seed: 7).CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);

        second.ShouldNotBe(first);
        second.ShouldMatch(GeneratedIdPattern().ToString());
    }

    [Fact]
    public async Task CreateRunAsync_200ConcurrentCallsWithFixedClock_AllIdsUnique()
    {
        // Two stores sharing a seed race for the same ids, as two processes would.
        var stores = new[] { CreateStore(seed: 3), CreateStore(seed: 3) };
        var ids = new ConcurrentBag<string>();

        await Parallel.ForAsync(0, 200, TestContext.Current.CancellationToken, async (i, ct) =>
            ids.Add(await stores[i % 2].CreateRunAsync(cancellationToken: ct)));

        ids.Count.ShouldBe(200);
        ids.Distinct().Count().ShouldBe(200);
        (await stores[0].ListRunsAsync(TestContext.Current.CancellationToken)).Count.ShouldBe(200);
    }

    [Fact]
    public async Task CreateRunAsync_RequestedIdTaken_Throws()
    {
        var store = CreateStore();
        await store.CreateRunAsync("my-run", TestContext.Current.CancellationToken);

        var ex = await Should.ThrowAsync<InvalidOperationException>(() => store.CreateRunAsync("my-run", TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("'my-run' already exists");
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("..", "contains '..'")]
    [InlineData("a..b", "contains '..'")]
    [InlineData("../escape", "contains '..'")]
    [InlineData("sub/escape", "path separator '/'")]
    [InlineData("a/b", "path separator '/'")]
    [InlineData("a\\b", "path separator '\\'")]
    [InlineData("/etc", "path separator '/'")]
    [InlineData("C:", "character ':'")]
    [InlineData("run id", "character ' '")]
    [InlineData("run.", "ends with '.'")]
    [InlineData(".", "is '.'")]
    public async Task CreateRunAsync_InvalidRequestedId_ThrowsNamingProblem(string runId, string problem)
    {
        var store = CreateStore();

        var ex = await Should.ThrowAsync<ArgumentException>(() => store.CreateRunAsync(runId, TestContext.Current.CancellationToken));

        ex.ParamName.ShouldBe("requestedRunId");
        ex.Message.ShouldContain(problem);
        Directory.EnumerateFileSystemEntries(_temp.Path).ShouldBeEmpty();
    }

    [Fact]
    public async Task CreateRunAsync_IdLongerThan100_Throws()
    {
        var ex = await Should.ThrowAsync<ArgumentException>(() => CreateStore().CreateRunAsync(new string('a', 101), TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("at most 100");
    }

    [Theory]
    [InlineData("../other-run/prompt.txt")]
    [InlineData("iter_001/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("iter_001\\prompt.txt")]
    [InlineData("iter_001//prompt.txt")]
    [InlineData("iter_001/")]
    [InlineData("./prompt.txt")]
    [InlineData("")]
    [InlineData("x~tmp")]
    public async Task WriteFileAsync_InvalidRelativePath_ThrowsAndWritesNothing(string relativePath)
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run-1", TestContext.Current.CancellationToken);

        var ex = await Should.ThrowAsync<ArgumentException>(
            () => store.WriteFileAsync(runId, relativePath, "x"u8.ToArray(), TestContext.Current.CancellationToken));

        ex.ParamName.ShouldBe("relativePath");
        (await store.ListFilesAsync(runId, cancellationToken: TestContext.Current.CancellationToken)).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(_temp.Path).Select(Path.GetFileName).ShouldBe(["run-1"]);
    }

    [Fact]
    public async Task ReadFileAsync_TraversalPath_Throws()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run-1", TestContext.Current.CancellationToken);

        await Should.ThrowAsync<ArgumentException>(() => store.ReadFileAsync(runId, "../run-1/x", TestContext.Current.CancellationToken));
        await Should.ThrowAsync<ArgumentException>(() => store.ReadFileAsync("../run-1", "x", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task WriteFileAsync_ThenRead_RoundTripsAndCreatesSubfolders()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        byte[] content = Encoding.UTF8.GetBytes("critic verdicts");

        await store.WriteFileAsync(runId, "iter_001/critics/diversity.json", content, TestContext.Current.CancellationToken);

        (await store.ReadFileAsync(runId, "iter_001/critics/diversity.json", TestContext.Current.CancellationToken)).ShouldBe(content);
        File.Exists(Path.Combine(_temp.Path, runId, "iter_001", "critics", "diversity.json")).ShouldBeTrue();
    }

    [Fact]
    public async Task WriteFileAsync_ExistingFile_ReplacesWholeContent()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        await store.WriteFileAsync(runId, "manifest.json", Encoding.UTF8.GetBytes("a much longer first version"), TestContext.Current.CancellationToken);

        await store.WriteFileAsync(runId, "manifest.json", "v2"u8.ToArray(), TestContext.Current.CancellationToken);

        (await store.ReadFileAsync(runId, "manifest.json", TestContext.Current.CancellationToken)).ShouldBe("v2"u8.ToArray());
    }

    [Fact]
    public async Task WriteFileAsync_FailureBetweenTempWriteAndRename_KeepsOldContentAndRemovesTemp()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        await store.WriteFileAsync(runId, "manifest.json", "old"u8.ToArray(), TestContext.Current.CancellationToken);
        string? tempSeen = null;
        byte[]? tempContent = null;
        store.TempFileWritten = tempPath =>
        {
            tempSeen = tempPath;
            tempContent = File.ReadAllBytes(tempPath);
            throw new IOException("simulated crash before rename");
        };

        await Should.ThrowAsync<IOException>(() => store.WriteFileAsync(runId, "manifest.json", "new content"u8.ToArray(), TestContext.Current.CancellationToken));

        tempSeen.ShouldNotBeNull();
        Path.GetDirectoryName(tempSeen).ShouldBe(Path.Combine(_temp.Path, runId));
        tempContent.ShouldBe("new content"u8.ToArray());
        (await store.ReadFileAsync(runId, "manifest.json", TestContext.Current.CancellationToken)).ShouldBe("old"u8.ToArray());
        File.Exists(tempSeen).ShouldBeFalse();
        Directory.GetFiles(Path.Combine(_temp.Path, runId)).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe([".promptforge~run", "manifest.json"]);
    }

    [Fact]
    public async Task WriteFileAsync_CrashLeavesTempFile_TempIsNeverListedNorRead()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        await store.WriteFileAsync(runId, "state.json", "old"u8.ToArray(), TestContext.Current.CancellationToken);
        // What a killed process leaves behind: a complete temp file that was never renamed.
        File.WriteAllText(Path.Combine(_temp.Path, runId, ".state.json.1-1~tmp"), "new");

        (await store.ListFilesAsync(runId, cancellationToken: TestContext.Current.CancellationToken)).ShouldBe(["state.json"]);
        (await store.ReadFileAsync(runId, "state.json", TestContext.Current.CancellationToken)).ShouldBe("old"u8.ToArray());
    }

    [Fact]
    public async Task WriteFileAsync_ConcurrentReader_NeverSeesPartialContent()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        byte[] a = Enumerable.Repeat((byte)'a', 256 * 1024).ToArray();
        byte[] b = Enumerable.Repeat((byte)'b', 128 * 1024).ToArray();
        await store.WriteFileAsync(runId, "samples.jsonl", a, TestContext.Current.CancellationToken);
        using var done = new CancellationTokenSource();
        int reads = 0;

        Task reader = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                byte[]? seen = await store.ReadFileAsync(runId, "samples.jsonl", TestContext.Current.CancellationToken);
                seen.ShouldNotBeNull();
                (seen.AsSpan().SequenceEqual(a) || seen.AsSpan().SequenceEqual(b)).ShouldBeTrue($"a read saw {seen.Length} bytes of mixed content");
                Interlocked.Increment(ref reads);
            }
        }, TestContext.Current.CancellationToken);

        // Keep writing until the reader has overlapped with the writer a few times (on a loaded machine it may start late).
        for (int i = 0; i < 60 || (Volatile.Read(ref reads) < 10 && i < 10_000); i++)
        {
            await store.WriteFileAsync(runId, "samples.jsonl", i % 2 == 0 ? b : a, TestContext.Current.CancellationToken);
        }

        await done.CancelAsync();
        await reader;
        reads.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task WriteFileAsync_CancelledToken_LeavesOldContent()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        await store.WriteFileAsync(runId, "prompt.txt", "old"u8.ToArray(), TestContext.Current.CancellationToken);

        await Should.ThrowAsync<OperationCanceledException>(() => store.WriteFileAsync(runId, "prompt.txt", "new"u8.ToArray(), new CancellationToken(canceled: true)));

        (await store.ReadFileAsync(runId, "prompt.txt", TestContext.Current.CancellationToken)).ShouldBe("old"u8.ToArray());
    }

    [Fact]
    public async Task WriteFileAsync_MissingRun_ThrowsNamingRun()
    {
        var ex = await Should.ThrowAsync<InvalidOperationException>(
            () => CreateStore().WriteFileAsync("nope", "a.txt", "x"u8.ToArray(), TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("Run 'nope' does not exist");
    }

    [Fact]
    public async Task ReadFileAsync_MissingFileOrRun_ReturnsNull()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);

        (await store.ReadFileAsync(runId, "iter_009/metrics.json", TestContext.Current.CancellationToken)).ShouldBeNull();
        (await store.ReadFileAsync("missing-run", "manifest.json", TestContext.Current.CancellationToken)).ShouldBeNull();
        (await store.RunExistsAsync("missing-run", TestContext.Current.CancellationToken)).ShouldBeFalse();
    }

    [Fact]
    public async Task ListFilesAsync_ReturnsSortedRunRelativeSlashPaths()
    {
        var store = CreateStore();
        string runId = await store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        foreach (string path in new[] { "manifest.json", "iter_002/prompt.txt", "iter_001/critics/judge.json", "iter_001/prompt.txt", "config.json" })
        {
            await store.WriteFileAsync(runId, path, "{}"u8.ToArray(), TestContext.Current.CancellationToken);
        }

        (await store.ListFilesAsync(runId, cancellationToken: TestContext.Current.CancellationToken)).ShouldBe(
            ["config.json", "iter_001/critics/judge.json", "iter_001/prompt.txt", "iter_002/prompt.txt", "manifest.json"]);
        (await store.ListFilesAsync(runId, "iter_001", TestContext.Current.CancellationToken)).ShouldBe(
            ["iter_001/critics/judge.json", "iter_001/prompt.txt"]);
        (await store.ListFilesAsync(runId, "iter_404", TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public async Task ListFilesAsync_MissingRun_Throws()
    {
        await Should.ThrowAsync<InvalidOperationException>(() => CreateStore().ListFilesAsync("missing", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task ListRunsAsync_ReturnsValidRunFoldersSorted()
    {
        var store = CreateStore();
        (await store.ListRunsAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
        await store.CreateRunAsync("b-run", TestContext.Current.CancellationToken);
        await store.CreateRunAsync("a-run", TestContext.Current.CancellationToken);
        Directory.CreateDirectory(Path.Combine(_temp.Path, "not a run"));

        (await store.ListRunsAsync(TestContext.Current.CancellationToken)).ShouldBe(["a-run", "b-run"]);
    }

    [Fact]
    public async Task ListRunsAsync_MissingRoot_ReturnsEmpty()
    {
        var store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = Path.Combine(_temp.Path, "none") });

        (await store.ListRunsAsync(TestContext.Current.CancellationToken)).ShouldBeEmpty();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsListingProblem()
    {
        var ex = Should.Throw<ArgumentException>(() => new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = "" }));

        ex.Message.ShouldContain("RootDirectory");
    }
}
