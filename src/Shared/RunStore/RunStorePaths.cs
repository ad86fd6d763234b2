namespace PromptForge;

/// <summary>Validates run ids and run-relative paths so that nothing can escape a run's folder.</summary>
internal static class RunStorePaths
{
    /// <summary>The longest accepted run id or path segment.</summary>
    public const int MaxSegmentLength = 100;

    /// <summary>The longest accepted run-relative path.</summary>
    public const int MaxRelativePathLength = 400;

    /// <summary>
    /// Files whose names contain this character are the store's own (temporary files, the run marker).
    /// It is not an allowed character, so no valid user path can collide with them.
    /// </summary>
    public const char ReservedChar = '~';

    public static void ValidateRunId(string runId, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(runId, parameterName);
        string? problem = DescribeSegmentProblem(runId);
        if (problem is not null)
        {
            throw new ArgumentException($"Run id '{runId}' is invalid: {problem}.", parameterName);
        }
    }

    /// <summary>Validates a run-relative path and returns its segments.</summary>
    public static string[] ValidateRelativePath(string relativePath, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(relativePath, parameterName);
        if (relativePath.Length == 0)
        {
            throw new ArgumentException("The run-relative path is empty.", parameterName);
        }

        if (relativePath.Length > MaxRelativePathLength)
        {
            throw new ArgumentException($"The run-relative path '{relativePath[..40]}...' is {relativePath.Length} characters long; at most {MaxRelativePathLength} are allowed.", parameterName);
        }

        if (relativePath[0] == '/' || relativePath.Contains('\\', StringComparison.Ordinal) || Path.IsPathRooted(relativePath))
        {
            throw new ArgumentException($"The run-relative path '{relativePath}' is invalid: absolute paths and '\\' separators are not allowed; use '/' between segments.", parameterName);
        }

        string[] segments = relativePath.Split('/');
        foreach (string segment in segments)
        {
            string? problem = DescribeSegmentProblem(segment);
            if (problem is not null)
            {
                throw new ArgumentException($"The run-relative path '{relativePath}' is invalid: segment '{segment}' {problem}.", parameterName);
            }
        }

        return segments;
    }

    /// <summary>Combines a base folder with validated segments and checks that the result stays inside it.</summary>
    public static string Resolve(string baseDirectory, string[] segments, string originalPath, string parameterName)
    {
        string combined = Path.GetFullPath(Path.Combine([baseDirectory, .. segments]));
        string prefix = Path.EndsInDirectorySeparator(baseDirectory) ? baseDirectory : baseDirectory + Path.DirectorySeparatorChar;
        if (!combined.StartsWith(prefix, StringComparison.Ordinal))
        {
            // Defense in depth: segment validation already excludes traversal.
            throw new ArgumentException($"The path '{originalPath}' resolves outside its base folder.", parameterName);
        }

        return combined;
    }

    /// <summary>Tells whether a run id or path segment is valid, without throwing.</summary>
    public static bool IsValidSegment(string segment) => DescribeSegmentProblem(segment) is null;

    private static string? DescribeSegmentProblem(string segment)
    {
        if (segment.Length == 0)
        {
            return "is empty";
        }

        if (segment.Length > MaxSegmentLength)
        {
            return $"is {segment.Length} characters long; at most {MaxSegmentLength} are allowed";
        }

        if (segment.Contains("..", StringComparison.Ordinal))
        {
            return "contains '..'";
        }

        if (segment == ".")
        {
            return "is '.'";
        }

        foreach (char c in segment)
        {
            if (!IsAllowed(c))
            {
                return c is '/' or '\\'
                    ? $"contains the path separator '{c}'"
                    : $"contains the character '{(char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())}'; only letters A-Z a-z, digits, '.', '_' and '-' are allowed";
            }
        }

        // Windows silently drops a trailing dot, which would alias two different names.
        return segment[^1] == '.' ? "ends with '.'" : null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-';
}
