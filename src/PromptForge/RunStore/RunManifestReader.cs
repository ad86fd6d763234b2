namespace PromptForge;

/// <summary>Reads a loop run's manifest, brought up to date from its journal.</summary>
internal static class RunManifestReader
{
    /// <summary>
    /// Reads a loop run's manifest as of its last completed iteration: <c>manifest.json</c> is written when a run starts
    /// and when it stops, and while the run is in progress (or after a crash) it is brought up to date from the run's
    /// journal of completed iterations.
    /// </summary>
    /// <param name="store">The run store.</param>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The manifest, or <see langword="null"/> when the run has none.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not valid for the store.</exception>
    /// <exception cref="InvalidDataException">The manifest or the journal is corrupt (the message names the file).</exception>
    public static Task<RunManifest?> ReadRunManifestAsync(this IRunStore store, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return RunRecorder.ReadCurrentManifestAsync(store, runId, TimeProvider.System, cancellationToken);
    }
}
