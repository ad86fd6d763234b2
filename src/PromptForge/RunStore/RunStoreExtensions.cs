using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>Typed reads and writes (text, JSON, JSON Lines) over any <see cref="IRunStore"/>.</summary>
public static class RunStoreExtensions
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Writes a UTF-8 text file atomically.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="text">The text.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="text"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public static Task WriteTextAsync(this IRunStore store, string runId, string relativePath, string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(text);
        return store.WriteFileAsync(runId, relativePath, s_utf8.GetBytes(text), cancellationToken);
    }

    /// <summary>Reads a UTF-8 text file.</summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The text, or <see langword="null"/> when the file does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="InvalidDataException">The file is not valid UTF-8.</exception>
    public static async Task<string?> ReadTextAsync(this IRunStore store, string runId, string relativePath, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        byte[]? content = await store.ReadFileAsync(runId, relativePath, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return null;
        }

        try
        {
            ReadOnlySpan<byte> span = content;
            return s_utf8.GetString(span.StartsWith("\uFEFF"u8) ? span[3..] : span);
        }
        catch (DecoderFallbackException ex)
        {
            throw new InvalidDataException($"Run '{runId}' file '{relativePath}' is not valid UTF-8 text.", ex);
        }
    }

    /// <summary>Writes a JSON file atomically.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>; its options decide the layout.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="InvalidOperationException">The run does not exist.</exception>
    public static Task WriteJsonAsync<T>(this IRunStore store, string runId, string relativePath, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        return store.WriteFileAsync(runId, relativePath, JsonSerializer.SerializeToUtf8Bytes(value, typeInfo), cancellationToken);
    }

    /// <summary>Reads a JSON file.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="relativePath">The run-relative path.</param>
    /// <param name="typeInfo">The source-generated type information of <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The value, or <see langword="default"/> when the file does not exist.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> or <paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> or <paramref name="relativePath"/> is not valid for the store.</exception>
    /// <exception cref="InvalidDataException">The file is not valid JSON for <typeparamref name="T"/> (the message names the run, the file and the position).</exception>
    public static async Task<T?> ReadJsonAsync<T>(this IRunStore store, string runId, string relativePath, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        byte[]? content = await store.ReadFileAsync(runId, relativePath, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            return default;
        }

        try
        {
            return JsonSerializer.Deserialize(content, typeInfo);
        }
        catch (JsonException ex)
        {
            string position = ex.LineNumber is long line ? $" at line {line + 1}, byte {ex.BytePositionInLine + 1}" : string.Empty;
            throw new InvalidDataException($"Run '{runId}' file '{relativePath}' is not valid{position}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Reads what a run folder says about a run as of its last completed iteration: <c>manifest.json</c> is written when
    /// a run starts and when it stops, and while the run is in progress (or after a crash) the summary is brought up to
    /// date from the run's journal of completed iterations.
    /// </summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The summary, or <see langword="null"/> when the run has no manifest.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not valid for the store.</exception>
    /// <exception cref="InvalidDataException">The manifest or the journal is corrupt (the message names the file).</exception>
    public static async Task<RunSummary?> ReadRunSummaryAsync(this IRunStore store, string runId, CancellationToken cancellationToken = default)
    {
        RunManifest? manifest = await store.ReadRunManifestAsync(runId, cancellationToken).ConfigureAwait(false);
        return manifest?.ToSummary();
    }
}
