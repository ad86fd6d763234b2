using System.Runtime.CompilerServices;

namespace PromptForge;

/// <summary>
/// The run-id and run-relative-path rules of <see cref="FileSystemRunStore"/>, public so that every other
/// <see cref="IRunStore"/> (in memory, a database, blob storage) accepts and rejects exactly the same names.
/// </summary>
/// <remarks>
/// A run id is one segment; a run-relative path is one or more segments separated by '/'. A segment is 1 to 100
/// characters among A-Z, a-z, 0-9, '.', '_' and '-', is not '.', contains no "..", and does not end with '.'.
/// A path is at most 400 characters long and is never absolute. Nothing that passes can escape a run's folder.
/// </remarks>
public static class RunStoreValidation
{
    /// <summary>Throws when <paramref name="runId"/> is not a valid run id.</summary>
    /// <param name="runId">The run id to check.</param>
    /// <param name="paramName">The name of the parameter that holds the id, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="runId"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="runId"/> breaks a rule; the message names the rule.</exception>
    public static void ThrowIfInvalidRunId(string runId, [CallerArgumentExpression(nameof(runId))] string? paramName = null) =>
        RunStorePaths.ValidateRunId(runId, paramName ?? nameof(runId));

    /// <summary>Throws when <paramref name="relativePath"/> is not a valid run-relative path.</summary>
    /// <param name="relativePath">The path to check, with '/' separators.</param>
    /// <param name="paramName">The name of the parameter that holds the path, for the exception.</param>
    /// <exception cref="ArgumentNullException"><paramref name="relativePath"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="relativePath"/> breaks a rule; the message names the segment and the rule.</exception>
    public static void ThrowIfInvalidRelativePath(string relativePath, [CallerArgumentExpression(nameof(relativePath))] string? paramName = null) =>
        _ = RunStorePaths.ValidateRelativePath(relativePath, paramName ?? nameof(relativePath));

    /// <summary>Tells whether a name is a valid run id, without throwing.</summary>
    /// <param name="runId">The candidate id; <see langword="null"/> is not valid.</param>
    /// <returns><see langword="true"/> when <paramref name="runId"/> is a valid run id.</returns>
    public static bool IsValidRunId(string? runId) => runId is not null && RunStorePaths.IsValidSegment(runId);
}
