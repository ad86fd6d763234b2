namespace PromptForge.SynSmith;

/// <summary>Reads SynSmith's input files through <see cref="StrictTextFile"/>, turning its errors into input problems.</summary>
internal static class InputFiles
{
    /// <summary>Reads a whole file: over <paramref name="maxBytes"/> or invalid UTF-8 is a <see cref="SynSmithInputException"/> naming the file, line and byte offset.</summary>
    public static string ReadText(string path, string displayPath, long maxBytes, string limitName)
    {
        try
        {
            return StrictTextFile.ReadAllText(path, maxBytes, limitName);
        }
        catch (InputFileException ex)
        {
            throw new SynSmithInputException([new InputProblem(displayPath, ex.Line, null, ex.Problem)]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SynSmithInputException([new InputProblem(displayPath, null, null, "the file cannot be read: " + ex.Message)]);
        }
    }
}
