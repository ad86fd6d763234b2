using System.Text.Json.Nodes;

namespace PromptForge.Cli.Tests.TestSupport;

/// <summary>Writes a run folder in the layout of the loop's run store (manifest, config, iteration folders) to a temp directory.</summary>
internal sealed class RunFolderFixture : IDisposable
{
    public RunFolderFixture(bool simulated = true, int iterations = 3)
    {
        Root = Directory.CreateTempSubdirectory("pf-cli-").FullName;
        RunDirectory = Path.Combine(Root, "runs", "run-20261121-abc");
        Directory.CreateDirectory(RunDirectory);

        var prompts = new JsonArray
        {
            Prompt(1, "Write a customer message.\nKeep it short.", null, null, 0, "Initial", 0.4),
            Prompt(2, "Write a realistic customer message.\nKeep it short.\nVary the tone.", 1, "Samples were too uniform in tone.", 1, "Accepted", 0.7),
            Prompt(3, "Write a realistic customer message.\nVary the tone.\nNever start with 'Hi'.", 2, "Banned opener 'Hi'.", 2, "Rejected", 0.6),
        };
        var history = new JsonArray();
        for (int i = 1; i <= iterations; i++)
        {
            var metrics = new JsonObject
            {
                ["attribute_match_rate"] = new JsonObject { ["value"] = 0.5 + 0.1 * i, ["n"] = 20 },
                ["discriminator_accuracy"] = i == 2
                    ? new JsonObject { ["value"] = null, ["not_measured"] = "discriminator returned no verdicts" }
                    : new JsonObject { ["value"] = 0.9 - 0.1 * i, ["n"] = 24 },
                ["vendi_score"] = 5.0 + i,
            };
            history.Add(new JsonObject
            {
                ["iteration"] = i, ["prompt_version"] = Math.Min(i, 3), ["sample_count"] = 2, ["metrics"] = metrics,
                ["decision"] = i == 3 ? "Candidate" : "Accepted", ["objective"] = 0.1 * i,
                ["gate_decision"] = i == 3 ? "rejected: attribute_match_rate fell from 0.7 to 0.6" : null,
            });
            WriteIteration(i);
        }

        var manifest = new JsonObject
        {
            ["run_id"] = "run-20261121-abc",
            ["status"] = "Completed",
            ["best_prompt_version"] = 2,
            ["final_prompt_version"] = 2,
            ["prompt_history"] = prompts,
            ["metric_history"] = history,
            ["usage"] = new JsonObject
            {
                ["total"] = Totals(30, 2, 120_000, 30_000),
                ["by_role"] = new JsonObject
                {
                    ["generator"] = Totals(20, 0, 80_000, 20_000),
                    ["synsmith.attribute_verifier"] = Totals(10, 2, 40_000, 10_000),
                },
            },
        };
        File.WriteAllText(Path.Combine(RunDirectory, "manifest.json"), manifest.ToJsonString());
        var config = new JsonObject
        {
            ["cli"] = simulated
                ? new JsonObject { ["provider"] = "simulator", ["model"] = "simulator" }
                : new JsonObject { ["provider"] = "openai", ["model"] = "gpt-4o-mini", ["endpoint"] = "https://api.openai.com/v1", ["role_models"] = new JsonObject { ["critic"] = "gpt-4o" } },
        };
        File.WriteAllText(Path.Combine(RunDirectory, "config.json"), config.ToJsonString());
    }

    public string Root { get; }

    public string RunDirectory { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private void WriteIteration(int iteration)
    {
        string directory = Path.Combine(RunDirectory, $"iter_{iteration:000}");
        Directory.CreateDirectory(Path.Combine(directory, "critics"));
        File.WriteAllText(Path.Combine(directory, "prompt.txt"), "prompt");
        string[] ids = [$"i{iteration:000}-s0001", $"i{iteration:000}-s0002"];
        File.WriteAllLines(Path.Combine(directory, "samples.jsonl"),
        [
            new JsonObject
            {
                ["id"] = ids[0], ["input"] = "my card was charged twice, \"refund\" please", ["expected"] = "refund_request",
                ["requested_attributes"] = new JsonObject { ["intent"] = "refund_request", ["style"] = "informal" },
            }.ToJsonString(),
            new JsonObject { ["id"] = ids[1], ["input"] = "<b>app crashes</b> on start", ["expected"] = "technical_problem" }.ToJsonString(),
        ]);
        var critique = new JsonObject
        {
            ["critic_name"] = "attribute_verifier",
            ["metrics"] = new JsonObject { ["attribute_match_rate"] = 0.5 },
            ["verdicts"] = new JsonArray
            {
                new JsonObject { ["sample_id"] = ids[0], ["passed"] = true, ["reason"] = "matches", ["failed_attributes"] = new JsonArray() },
                new JsonObject { ["sample_id"] = ids[1], ["passed"] = false, ["reason"] = "style is formal", ["failed_attributes"] = new JsonArray("style") },
            },
        };
        File.WriteAllText(Path.Combine(directory, "critics", "attribute_verifier.json"), critique.ToJsonString());
    }

    private static JsonObject Prompt(int version, string text, int? parent, string? motivation, int iteration, string status, double score) => new()
    {
        ["version"] = version, ["text"] = text, ["parent_version"] = parent, ["motivation"] = motivation,
        ["iteration"] = iteration, ["status"] = status, ["score"] = score,
    };

    private static JsonObject Totals(long calls, long cached, long input, long output) => new()
    {
        ["calls"] = calls, ["cached_calls"] = cached, ["input_tokens"] = input, ["output_tokens"] = output, ["latency"] = "00:00:12",
    };
}
