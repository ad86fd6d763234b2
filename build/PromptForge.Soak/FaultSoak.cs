using System.Text.Json.Nodes;

namespace PromptForge.Soak;

/// <summary>Part (b): seeds against a loopback OpenAI-compatible server that fails a share of its requests.</summary>
internal static class FaultSoak
{
    public static async Task<int> RunAsync(SoakOptions options)
    {
        await using var server = FaultInjectingServer.Start(options.FaultRate, options.Seed);
        string work = Path.Combine(options.WorkDirectory, "faults");
        Directory.CreateDirectory(work);
        string[] arguments = KillSoak.PrepareInputs(options, "synthesize", work);
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "soak-key" };
        Console.WriteLine($"[faults] {options.Seeds} seeds of synthesize (2 iterations x 6 samples) against {server.BaseAddress} failing {options.FaultRate:P0} of requests ({string.Join(", ", FaultInjectingServer.FaultNames)})");

        int complete = 0, completeAfterResume = 0, stoppedResumable = 0, completedWithDataMissing = 0, other = 0;
        for (int seed = 1; seed <= options.Seeds; seed++)
        {
            string runs = $"runs-{seed:000}";
            string[] run =
            [
                .. arguments.Where((_, i) => i < 2), "--iterations", "2", "--samples-per-iteration", "6", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--provider", "openai", "--endpoint", server.BaseAddress, "--model", "soak-model", "--no-cache", "--out", runs,
            ];
            var (exit, error) = await Cli.RunAsync(options, work, run, environment);
            string? folder = Cli.RunFolder(Path.Combine(work, runs));
            var (status, iterations) = ReadStatus(folder);
            int resumes = 0;
            string firstStatus = $"{status} (exit {exit})";
            while (status != "Completed" && folder is not null && resumes < 3 && status is not null)
            {
                resumes++;
                (exit, error) = await Cli.RunAsync(options, work, ["resume", folder], environment);
                (status, iterations) = ReadStatus(folder);
            }

            string outcome;
            if (status == "Completed" && iterations == 2)
            {
                if (resumes == 0)
                {
                    complete++;
                }
                else
                {
                    completeAfterResume++;
                }

                outcome = resumes == 0 ? "complete" : $"complete after {resumes} resume(s); first stop: {firstStatus}";
            }
            else if (status == "Completed")
            {
                completedWithDataMissing++;
                outcome = $"COMPLETED WITH {iterations}/2 ITERATIONS";
            }
            else if (status is not null && exit != 0)
            {
                stoppedResumable++;
                outcome = $"stopped {status} (exit {exit}), resumable: {KillSoak.FirstLine(error)}";
            }
            else
            {
                other++;
                outcome = $"status {status ?? "none"} exit {exit}: {KillSoak.FirstLine(error)}";
            }

            Console.WriteLine($"[faults] seed {seed,2}: {outcome}");
        }

        Console.WriteLine($"[faults] RESULT: {complete}/{options.Seeds} complete on the first try, {completeAfterResume} complete after resume, "
            + $"{stoppedResumable} stopped resumable (not Completed), {completedWithDataMissing} Completed with iterations missing, {other} other; "
            + $"{server.Requests} requests, {server.Faults} faults injected");
        return completedWithDataMissing + other == 0 ? 0 : 1;
    }

    private static (string? Status, int Iterations) ReadStatus(string? runFolder)
    {
        if (runFolder is null || !File.Exists(Path.Combine(runFolder, "manifest.json")))
        {
            return (null, 0);
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(runFolder, "manifest.json")));
        return (manifest?["status"]?.GetValue<string>(), manifest?["iterations_completed"]?.GetValue<int>() ?? 0);
    }
}
