using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Soak;

// The reliability soak (issue 9): kills `promptforge synthesize` and `optimize` at random points (kill -9 and SIGINT),
// resumes each, and counts the runs that end identical to an uninterrupted one; then runs seeds against a loopback
// OpenAI-compatible server that fails a share of requests, and counts complete vs stopped-resumable runs.
//
//   dotnet build src/PromptForge.Cli -c Release
//   dotnet run -c Release --project build/PromptForge.Soak -- [--kills 50] [--seeds 20] [--fault-rate 0.2]
//       [--part all|kill|faults] [--commands synthesize,optimize] [--seed 1] [--work DIR] [--cli PATH/PromptForge.Cli.dll]
var options = SoakOptions.Parse(args);
if (!File.Exists(options.CliPath))
{
    Console.Error.WriteLine($"The CLI is not built: {options.CliPath}. Run: dotnet build src/PromptForge.Cli -c Release");
    return 2;
}

Directory.CreateDirectory(options.WorkDirectory);
Console.WriteLine($"soak: cli {options.CliPath}, work folder {options.WorkDirectory}, seed {options.Seed}");
int failures = 0;
if (options.Part is "all" or "kill")
{
    foreach (string command in options.Commands)
    {
        failures += await KillSoak.RunAsync(options, command);
    }
}

if (options.Part is "all" or "faults")
{
    failures += await FaultSoak.RunAsync(options);
}

return failures == 0 ? 0 : 1;

namespace PromptForge.Soak
{
    internal sealed record SoakOptions(string CliPath, string RepositoryRoot, string WorkDirectory, int Kills, int Seeds, double FaultRate, string Part, string[] Commands, int Seed)
    {
        public static SoakOptions Parse(string[] args)
        {
            string root = FindRepositoryRoot();
            string Get(string name, string fallback)
            {
                int i = Array.IndexOf(args, name);
                return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
            }

            return new SoakOptions(
                Path.GetFullPath(Get("--cli", Path.Combine(root, "src", "PromptForge.Cli", "bin", "Release", "net10.0", "PromptForge.Cli.dll"))),
                root,
                Path.GetFullPath(Get("--work", Path.Combine(Path.GetTempPath(), "promptforge-soak-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)))),
                int.Parse(Get("--kills", "50"), CultureInfo.InvariantCulture),
                int.Parse(Get("--seeds", "20"), CultureInfo.InvariantCulture),
                double.Parse(Get("--fault-rate", "0.2"), CultureInfo.InvariantCulture),
                Get("--part", "all"),
                Get("--commands", "synthesize,optimize").Split(',', StringSplitOptions.RemoveEmptyEntries),
                int.Parse(Get("--seed", "1"), CultureInfo.InvariantCulture));
        }

        private static string FindRepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PromptForge.sln")))
                {
                    return dir.FullName;
                }
            }

            return Directory.GetCurrentDirectory();
        }
    }

    /// <summary>Runs the CLI as a child process in a folder.</summary>
    internal static class Cli
    {
        public static Process Start(SoakOptions options, string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(options.CliPath);
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["NO_COLOR"] = "1";
            start.Environment["CI"] = "true";
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                start.Environment[key] = value;
            }

            var process = Process.Start(start)!;
            // Drained so a full pipe never blocks the child; the text is kept for the report of a failure.
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            return process;
        }

        public static async Task<(int ExitCode, string Error)> RunAsync(SoakOptions options, string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
        {
            using var process = Start(options, workingDirectory, arguments, environment);
            string error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, error);
        }

        /// <summary>The run folder under a runs folder (the one folder whose name does not start with '.').</summary>
        public static string? RunFolder(string runsDirectory) =>
            Directory.Exists(runsDirectory) ? Directory.GetDirectories(runsDirectory).FirstOrDefault(d => !Path.GetFileName(d).StartsWith('.')) : null;

        public static void Signal(Process process, string signal)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-" + signal, process.Id.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })!;
            kill.WaitForExit();
        }
    }

    /// <summary>A run folder's artifacts without what legitimately differs between two equal runs (time stamps, wall times, run id, the store's own files).</summary>
    internal static class RunFolderComparer
    {
        private static readonly HashSet<string> Volatile = new(StringComparer.Ordinal)
        {
            "created_at", "updated_at", "started_at", "timestamp", "elapsed_wall_time", "wall_time", "wall_time_seconds", "latency", "run_id", "run_location",
        };

        public static SortedDictionary<string, string> Read(string runFolder)
        {
            var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (string path in Directory.EnumerateFiles(runFolder, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(runFolder, path).Replace('\\', '/');
                if (relative.Contains('~', StringComparison.Ordinal))
                {
                    continue;
                }

                string text = File.ReadAllText(path);
                files[relative] = relative.EndsWith(".jsonl", StringComparison.Ordinal)
                    ? string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalize))
                    : relative.EndsWith(".json", StringComparison.Ordinal) ? Normalize(text) : text;
            }

            return files;
        }

        /// <summary>The first difference, or <see langword="null"/> when identical.</summary>
        public static string? Difference(SortedDictionary<string, string> expected, SortedDictionary<string, string> actual)
        {
            foreach (string path in expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal))
            {
                if (!expected.TryGetValue(path, out string? e))
                {
                    return $"extra file {path}";
                }

                if (!actual.TryGetValue(path, out string? a))
                {
                    return $"missing file {path}";
                }

                if (e != a)
                {
                    int at = e.Zip(a).TakeWhile(p => p.First == p.Second).Count();
                    return $"{path} differs at character {at}: expected …{Snippet(e, at)}… got …{Snippet(a, at)}…";
                }
            }

            return null;
        }

        private static string Snippet(string text, int at) => text.Substring(Math.Max(0, at - 40), Math.Min(100, text.Length - Math.Max(0, at - 40)));

        private static string Normalize(string json)
        {
            try
            {
                var node = JsonNode.Parse(json);
                Strip(node);
                return node?.ToJsonString() ?? "null";
            }
            catch (JsonException)
            {
                return json;
            }
        }

        private static void Strip(JsonNode? node)
        {
            if (node is JsonObject obj)
            {
                foreach (string key in obj.Select(p => p.Key).Where(Volatile.Contains).ToList())
                {
                    obj.Remove(key);
                }

                foreach (var (_, child) in obj)
                {
                    Strip(child);
                }
            }
            else if (node is JsonArray array)
            {
                foreach (var child in array)
                {
                    Strip(child);
                }
            }
        }
    }
}
