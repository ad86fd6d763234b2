using System.Diagnostics;

namespace PromptForge.Soak;

/// <summary>Part (a): kill a run at random points (kill -9 or SIGINT), resume it, compare with the uninterrupted run.</summary>
internal static class KillSoak
{
    public static async Task<int> RunAsync(SoakOptions options, string command)
    {
        string work = Path.Combine(options.WorkDirectory, command);
        Directory.CreateDirectory(work);
        string[] arguments = PrepareInputs(options, command, work);

        var watch = Stopwatch.StartNew();
        var (referenceExit, referenceError) = await Cli.RunAsync(options, work, [.. arguments, "--out", "reference"]);
        double referenceSeconds = watch.Elapsed.TotalSeconds;
        string? referenceRun = Cli.RunFolder(Path.Combine(work, "reference"));
        if (referenceExit != 0 || referenceRun is null)
        {
            Console.WriteLine($"[{command}] the uninterrupted run failed (exit {referenceExit}): {referenceError}");
            return 1;
        }

        var expected = RunFolderComparer.Read(referenceRun);
        Console.WriteLine($"[{command}] uninterrupted: {referenceSeconds:F1} s, {expected.Count} files; killing {options.Kills} runs");

        var random = new Random(options.Seed);
        int identical = 0, beforeFolder = 0, finishedBeforeKill = 0;
        var differences = new List<string>();
        for (int k = 1; k <= options.Kills; k++)
        {
            string signal = k % 2 == 1 ? "KILL" : "INT";
            string runs = $"runs-{k:000}";
            double delay = random.NextDouble() * referenceSeconds;
            using (var process = Cli.Start(options, work, [.. arguments, "--out", runs]))
            {
                _ = process.StandardError.ReadToEndAsync();
                bool exited = process.WaitForExit(TimeSpan.FromSeconds(delay));
                if (exited)
                {
                    finishedBeforeKill++;
                }
                else
                {
                    Cli.Signal(process, signal);
                }

                await process.WaitForExitAsync();
            }

            string? runFolder = Cli.RunFolder(Path.Combine(work, runs));
            string outcome;
            if (runFolder is null)
            {
                // Killed before the run existed: nothing to resume, the command is simply run again.
                beforeFolder++;
                var (exit, error) = await Cli.RunAsync(options, work, [.. arguments, "--out", runs]);
                runFolder = Cli.RunFolder(Path.Combine(work, runs));
                outcome = exit == 0 ? "restarted" : $"restart failed (exit {exit}): {FirstLine(error)}";
            }
            else
            {
                outcome = "resume failed";
                for (int attempt = 1; attempt <= 3; attempt++)
                {
                    var (exit, error) = await Cli.RunAsync(options, work, ["resume", runFolder]);
                    if (exit == 0)
                    {
                        outcome = attempt == 1 ? "resumed" : $"resumed after {attempt} attempts";
                        break;
                    }

                    outcome = $"resume failed (exit {exit}): {FirstLine(error)}";
                }
            }

            string? difference = runFolder is null ? "no run folder" : RunFolderComparer.Difference(expected, RunFolderComparer.Read(runFolder));
            if (difference is null)
            {
                identical++;
            }
            else
            {
                differences.Add($"kill {k} (SIG{signal} after {delay:F2} s, {outcome}): {difference}");
            }

            Console.WriteLine($"[{command}] kill {k,3}: SIG{signal,-4} after {delay,5:F2} s -> {outcome}, {(difference is null ? "identical" : "DIFFERENT")}");
        }

        Console.WriteLine($"[{command}] RESULT: {identical}/{options.Kills} resumed runs identical to the uninterrupted run "
            + $"({beforeFolder} killed before the run folder existed and were started again, {finishedBeforeKill} finished before the kill)");
        foreach (string difference in differences)
        {
            Console.WriteLine($"[{command}]   {difference}");
        }

        return identical == options.Kills ? 0 : 1;
    }

    /// <summary>Copies the command's inputs (the CLI tests' data) into the work folder and returns its arguments.</summary>
    public static string[] PrepareInputs(SoakOptions options, string command, string work)
    {
        string data = Path.Combine(options.RepositoryRoot, "tests", "PromptForge.Cli.Tests", "TestData");
        switch (command)
        {
            case "synthesize":
                foreach (string file in Directory.GetFiles(Path.Combine(data, "synsmith", "customer_support")))
                {
                    File.Copy(file, Path.Combine(work, Path.GetFileName(file)), overwrite: true);
                }

                return ["synthesize", "config.yaml", "--iterations", "3", "--samples-per-iteration", "8", "--seed", "5"];
            case "optimize":
                File.Copy(Path.Combine(data, "bbh", "causal_judgement.json"), Path.Combine(work, "causal_judgement.json"), overwrite: true);
                return ["optimize", "causal_judgement.json", "--levels", "3", "--seed", "3"];
            default:
                throw new ArgumentException($"Unknown command '{command}'; use synthesize or optimize.");
        }
    }

    public static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)) ?? text.Split('\n').FirstOrDefault() ?? string.Empty;
}
