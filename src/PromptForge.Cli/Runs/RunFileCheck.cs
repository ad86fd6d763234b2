using System.Text.Json;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Runs;

/// <summary>Checks that a run's manifest.json and checkpoint.json are whole JSON before a command relies on them (a truncated file is a message, not a crash).</summary>
internal static class RunFileCheck
{
    public const string CheckpointFile = "checkpoint.json";

    /// <summary>Throws a <see cref="CliInputException"/> naming the file and line when manifest.json or checkpoint.json (when present) is not valid JSON.</summary>
    public static void EnsureReadable(string runDirectory, Func<string, string> display)
    {
        foreach (string name in new[] { RunLocation.ManifestFile, CheckpointFile })
        {
            string path = Path.Combine(runDirectory, name);
            if (!File.Exists(path))
            {
                continue;
            }

            try
            {
                using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
            }
            catch (JsonException ex)
            {
                throw new CliInputException(
                    $"the file is not valid JSON ({ex.Message}); it was probably cut short. Nothing was changed: restore the file, or start a new run.",
                    display(path),
                    (int?)ex.LineNumber + 1,
                    innerException: ex);
            }
        }
    }
}
