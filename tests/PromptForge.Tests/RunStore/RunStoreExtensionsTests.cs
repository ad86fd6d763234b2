namespace PromptForge.Tests.RunStore;

public sealed class RunStoreExtensionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly FileSystemRunStore _store;

    public RunStoreExtensionsTests() => _store = new FileSystemRunStore(new FileSystemRunStoreOptions { RootDirectory = _temp.Path, IdSeed = 1 });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task WriteTextAsync_ThenReadTextAsync_RoundTripsUtf8()
    {
        string runId = await _store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);

        await _store.WriteTextAsync(runId, "iter_001/prompt.txt", "Réponds en une ligne.", TestContext.Current.CancellationToken);

        (await _store.ReadTextAsync(runId, "iter_001/prompt.txt", TestContext.Current.CancellationToken)).ShouldBe("Réponds en une ligne.");
        (await _store.ReadTextAsync(runId, "missing.txt", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public async Task ReadJsonAsync_CorruptFile_ThrowsNamingRunAndFile()
    {
        string runId = await _store.CreateRunAsync("run-x", TestContext.Current.CancellationToken);
        await _store.WriteJsonAsync(runId, "manifest.json", new TestRecord("a", 1), RunStoreTestJsonContext.Default.TestRecord, TestContext.Current.CancellationToken);
        (await _store.ReadJsonAsync(runId, "manifest.json", RunStoreTestJsonContext.Default.TestRecord, TestContext.Current.CancellationToken))
            .ShouldBe(new TestRecord("a", 1));
        await _store.WriteTextAsync(runId, "manifest.json", "{\"name\": \"a\", ", TestContext.Current.CancellationToken);

        var ex = await Should.ThrowAsync<InvalidDataException>(
            () => _store.ReadJsonAsync(runId, "manifest.json", RunStoreTestJsonContext.Default.TestRecord, TestContext.Current.CancellationToken));

        ex.Message.ShouldContain("Run 'run-x' file 'manifest.json' is not valid");
    }

    [Fact]
    public async Task ReadJsonLinesAsync_TornLastLine_ReturnsCompleteItems()
    {
        string runId = await _store.CreateRunAsync(cancellationToken: TestContext.Current.CancellationToken);
        await _store.WriteJsonLinesAsync(runId, "iter_001/samples.jsonl", [new TestRecord("a", 1), new TestRecord("b", 2)], RunStoreTestJsonContext.Default.TestRecord, TestContext.Current.CancellationToken);
        byte[] content = (await _store.ReadFileAsync(runId, "iter_001/samples.jsonl", TestContext.Current.CancellationToken))!;
        await _store.WriteFileAsync(runId, "iter_001/samples.jsonl", (byte[])[.. content, .. "{\"name\":\"c\",\"va"u8], TestContext.Current.CancellationToken);

        JsonLinesReadResult<TestRecord>? result = await _store.ReadJsonLinesAsync(runId, "iter_001/samples.jsonl", RunStoreTestJsonContext.Default.TestRecord, TestContext.Current.CancellationToken);

        result.ShouldNotBeNull();
        result.Items.ShouldBe([new TestRecord("a", 1), new TestRecord("b", 2)]);
        result.TornLineNumber.ShouldBe(3);
    }
}
