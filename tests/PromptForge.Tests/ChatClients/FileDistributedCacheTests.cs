using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class FileDistributedCacheTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "promptforge-filecache-tests", Path.GetRandomFileName());
    private readonly FakeTimeProvider _clock = new();

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task SetAsync_ThenGetAsync_ReturnsValueAndLeavesNoTemporaryFile()
    {
        var cache = new FileDistributedCache(_directory, _clock);

        await cache.SetAsync("../../etc/passwd", [1, 2, 3], new DistributedCacheEntryOptions(), TestContext.Current.CancellationToken);

        (await cache.GetAsync("../../etc/passwd", TestContext.Current.CancellationToken)).ShouldBe(new byte[] { 1, 2, 3 });
        var files = Directory.GetFiles(_directory, "*", SearchOption.AllDirectories);
        files.ShouldHaveSingleItem().ShouldEndWith(".bin");
        Path.GetFullPath(files[0]).ShouldStartWith(Path.GetFullPath(_directory));
    }

    [Fact]
    public void Get_MissingKey_ReturnsNull()
    {
        new FileDistributedCache(_directory).Get("absent").ShouldBeNull();
    }

    [Fact]
    public void Set_SameKeyTwice_KeepsLatestValue()
    {
        var cache = new FileDistributedCache(_directory, _clock);

        cache.Set("k", [1], new DistributedCacheEntryOptions());
        cache.Set("k", [2], new DistributedCacheEntryOptions());

        cache.Get("k").ShouldBe(new byte[] { 2 });
    }

    [Fact]
    public void Get_SlidingExpiration_ExtendedByEachRead()
    {
        var cache = new FileDistributedCache(_directory, _clock);
        cache.Set("k", [7], new DistributedCacheEntryOptions { SlidingExpiration = TimeSpan.FromMinutes(10) });

        _clock.Advance(TimeSpan.FromMinutes(8));
        cache.Get("k").ShouldNotBeNull();
        _clock.Advance(TimeSpan.FromMinutes(8));
        cache.Get("k").ShouldNotBeNull();
        _clock.Advance(TimeSpan.FromMinutes(11));
        cache.Get("k").ShouldBeNull();
    }

    [Fact]
    public void Get_AbsoluteExpirationPassed_ReturnsNullAndDeletesEntry()
    {
        var cache = new FileDistributedCache(_directory, _clock);
        cache.Set("k", [7], new DistributedCacheEntryOptions { AbsoluteExpiration = _clock.GetUtcNow().AddSeconds(30) });

        _clock.Advance(TimeSpan.FromSeconds(31));

        cache.Get("k").ShouldBeNull();
        Directory.GetFiles(_directory, "*", SearchOption.AllDirectories).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetAsync_TruncatedEntry_IsAMiss()
    {
        var cache = new FileDistributedCache(_directory, _clock);
        cache.Set("k", [1, 2, 3], new DistributedCacheEntryOptions());
        var file = Directory.GetFiles(_directory, "*.bin", SearchOption.AllDirectories).Single();
        await File.WriteAllBytesAsync(file, (await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken))[..10], TestContext.Current.CancellationToken);

        (await cache.GetAsync("k", TestContext.Current.CancellationToken)).ShouldBeNull();
    }

    [Fact]
    public void Remove_ExistingKey_DeletesEntry()
    {
        var cache = new FileDistributedCache(_directory, _clock);
        cache.Set("k", [1], new DistributedCacheEntryOptions());

        cache.Remove("k");

        cache.Get("k").ShouldBeNull();
    }

    [Fact]
    public void Constructor_EmptyDirectory_Throws()
    {
        Should.Throw<ArgumentException>(() => new FileDistributedCache(" "));
    }
}
