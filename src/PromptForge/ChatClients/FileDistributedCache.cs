using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Distributed;

namespace PromptForge;

/// <summary>
/// An <see cref="IDistributedCache"/> that keeps one file per key under a directory, so cached model responses
/// survive the process: a re-run or a resumed run replays them instead of paying for them again.
/// </summary>
/// <remarks>
/// Writes are atomic (a temporary file renamed over the entry), so a crash never leaves a half-written entry.
/// An unreadable or corrupt entry is a miss, not an error. Absolute and sliding expirations are honored with the
/// <see cref="TimeProvider"/> given to the constructor. File names are the SHA-256 of the key, so any key is safe.
/// </remarks>
public sealed class FileDistributedCache : IDistributedCache
{
    private const int HeaderLength = 4 + (3 * sizeof(long));
    private static readonly byte[] Magic = "PFC1"u8.ToArray();

    private readonly TimeProvider _timeProvider;

    /// <summary>Initializes a new instance of the <see cref="FileDistributedCache"/> class.</summary>
    /// <param name="directory">The directory holding the entries; created when missing.</param>
    /// <param name="timeProvider">The clock used for expirations; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="directory"/> is <see langword="null"/>, empty or white space.</exception>
    public FileDistributedCache(string directory, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory = Path.GetFullPath(directory);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the full path of the directory holding the entries.</summary>
    public string Directory { get; }

    /// <inheritdoc/>
    public byte[]? Get(string key)
    {
        var path = GetPath(key);
        return Read(path, TryReadAllBytes(path));
    }

    /// <inheritdoc/>
    public async Task<byte[]?> GetAsync(string key, CancellationToken token = default)
    {
        var path = GetPath(key);
        byte[]? file;
        try
        {
            file = await File.ReadAllBytesAsync(path, token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            file = null;
        }

        return Read(path, file);
    }

    /// <inheritdoc/>
    public void Set(string key, byte[] value, DistributedCacheEntryOptions options)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(options);
        var path = GetPath(key);
        var now = _timeProvider.GetUtcNow();
        WriteAtomically(path, Encode(GetAbsoluteExpiration(options, now), options.SlidingExpiration, now, value));
    }

    /// <inheritdoc/>
    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Set(key, value, options);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public void Refresh(string key) => Get(key);

    /// <inheritdoc/>
    public Task RefreshAsync(string key, CancellationToken token = default) => GetAsync(key, token);

    /// <inheritdoc/>
    public void Remove(string key) => TryDelete(GetPath(key));

    /// <inheritdoc/>
    public Task RemoveAsync(string key, CancellationToken token = default)
    {
        token.ThrowIfCancellationRequested();
        Remove(key);
        return Task.CompletedTask;
    }

    private static DateTimeOffset? GetAbsoluteExpiration(DistributedCacheEntryOptions options, DateTimeOffset now)
    {
        if (options.AbsoluteExpirationRelativeToNow is { } relative)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(relative, TimeSpan.Zero, nameof(options));
            var relativeExpiration = now + relative;
            return options.AbsoluteExpiration is { } absolute && absolute < relativeExpiration ? absolute : relativeExpiration;
        }

        return options.AbsoluteExpiration;
    }

    private static byte[] Encode(DateTimeOffset? absoluteExpiration, TimeSpan? slidingExpiration, DateTimeOffset lastAccess, ReadOnlySpan<byte> value)
    {
        var entry = new byte[HeaderLength + value.Length];
        Magic.CopyTo(entry, 0);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(4), absoluteExpiration?.UtcTicks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(12), slidingExpiration?.Ticks ?? 0);
        BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(20), lastAccess.UtcTicks);
        value.CopyTo(entry.AsSpan(HeaderLength));
        return entry;
    }

    private static byte[]? TryReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void WriteAtomically(string path, byte[] content)
    {
        var directory = Path.GetDirectoryName(path)!;
        System.IO.Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Path.GetRandomFileName()}.tmp");
        try
        {
            File.WriteAllBytes(temporary, content);
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another process holds it; the entry is simply left for later.
        }
    }

    /// <summary>Decodes an entry; returns <see langword="null"/> (and removes the file) when it is corrupt or expired.</summary>
    private byte[]? Read(string path, byte[]? entry)
    {
        if (entry is null)
        {
            return null;
        }

        if (entry.Length < HeaderLength || !entry.AsSpan(0, 4).SequenceEqual(Magic))
        {
            TryDelete(path);
            return null;
        }

        var absoluteTicks = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(4));
        var slidingTicks = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(12));
        var lastAccessTicks = BinaryPrimitives.ReadInt64LittleEndian(entry.AsSpan(20));
        if (!IsValidTicks(absoluteTicks) || !IsValidTicks(slidingTicks) || !IsValidTicks(lastAccessTicks))
        {
            TryDelete(path);
            return null;
        }

        var now = _timeProvider.GetUtcNow().UtcTicks;
        var expired = (absoluteTicks != 0 && now >= absoluteTicks)
            || (slidingTicks != 0 && now - lastAccessTicks >= slidingTicks);
        if (expired)
        {
            TryDelete(path);
            return null;
        }

        var value = entry.AsSpan(HeaderLength).ToArray();
        if (slidingTicks != 0)
        {
            // Sliding expiration restarts at every read.
            BinaryPrimitives.WriteInt64LittleEndian(entry.AsSpan(20), now);
            try
            {
                WriteAtomically(path, entry);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The entry stays readable; only its sliding window was not extended.
            }
        }

        return value;
    }

    private static bool IsValidTicks(long ticks) => ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks;

    private string GetPath(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(Directory, name[..2], name + ".bin");
    }
}
