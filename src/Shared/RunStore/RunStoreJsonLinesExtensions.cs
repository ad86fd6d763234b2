using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>JSON Lines reads and writes over any <see cref="IRunStore"/>.</summary>
/// <remarks>
/// Shared source (compiled, internal, into each assembly that appends run journals), in the way dotnet/extensions shares
/// its src/Shared helpers: the torn-line rules are one file, and no JSON Lines type enters a package's public surface.
/// </remarks>
internal static class RunStoreJsonLinesExtensions
{
    /// <summary>Writes a JSON Lines file atomically (the whole file at once).</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="items">The items, one per line.</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/>, <paramref name="items"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public static Task WriteJsonLinesAsync<T>(this IRunStore store, string runId, string relativePath, IEnumerable<T> items, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.WriteFileAsync(runId, relativePath, JsonLines.Serialize(items, typeInfo), cancellationToken);
    }

    /// <summary>Reads a JSON Lines file, tolerating a torn last line.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The items read, or <see langword="null"/> when the file does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="JsonLinesFormatException">A line other than the last one is invalid (the message names the run, file and line).</exception>
    public static async Task<JsonLinesReadResult<T>?> ReadJsonLinesAsync<T>(this IRunStore store, string runId, string relativePath, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        byte[]? content = await store.ReadFileAsync(runId, relativePath, cancellationToken).ConfigureAwait(false);
        return content is null ? null : JsonLines.Deserialize(content, typeInfo, $"run '{runId}' file '{relativePath}'");
    }
}
