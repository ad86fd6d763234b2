using System.Text.Json.Nodes;

namespace PromptForge.Tests.RunStore;

/// <summary>A run's files for comparison, without what differs between two equal runs: time stamps and wall times.</summary>
internal sealed class RunArtifacts
{
    private static readonly string[] VolatileFields = ["created_at", "updated_at", "elapsed_wall_time", "latency"];

    private RunArtifacts(SortedDictionary<string, string> files) => Files = files;

    public SortedDictionary<string, string> Files { get; }

    public static async Task<RunArtifacts> ReadAsync(IRunStore store, string runId, CancellationToken cancellationToken)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string path in await store.ListFilesAsync(runId, cancellationToken: cancellationToken))
        {
            string text = (await store.ReadTextAsync(runId, path, cancellationToken))!;
            files[path] = path.EndsWith(".jsonl", StringComparison.Ordinal)
                ? string.Join("\n", text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(Normalize))
                : path.EndsWith(".json", StringComparison.Ordinal) ? Normalize(text) : text;
        }

        return new RunArtifacts(files);
    }

    public void ShouldMatch(RunArtifacts expected, string because)
    {
        Files.Keys.ShouldBe(expected.Files.Keys, because);
        foreach (var (path, text) in expected.Files)
        {
            Files[path].ShouldBe(text, $"{path}: {because}");
        }
    }

    private static string Normalize(string json)
    {
        if (json.TrimStart().Length == 0 || json.TrimStart()[0] is not ('{' or '['))
        {
            return json;
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return json; // Compared as text.
        }

        Strip(node);
        return node?.ToJsonString() ?? "null";
    }

    private static void Strip(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (string field in VolatileFields)
                {
                    obj.Remove(field);
                }

                foreach (var (_, child) in obj)
                {
                    Strip(child);
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Strip(child);
                }

                break;
        }
    }
}
