using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>
/// Plausible replies for every SynSmith role, computed from the request data, with hooks to change one role's
/// behaviour. Texts are built from the requested attributes so the other roles can "read" them back.
/// </summary>
internal sealed class FakeSynSmithModel
{
    private int _generated;

    public FakeSynSmithModel(TimeSpan latency = default, TimeProvider? timeProvider = null)
    {
        Client = new RoleChatClient(latency, timeProvider)
            .On("synsmith.generator", Generator)
            .On("synsmith.attribute_verifier", Verifier)
            .On("synsmith.realism_discriminator", Discriminator)
            .On("synsmith.diversity_auditor", _ => """{"summary":"ok","missing_modes":["angry customers"],"overrepresented_modes":[],"recommendations":[],"near_duplicate_rate":0.9}""")
            .On("synsmith.pack_discriminator", Pack)
            .On("synsmith.mode_hunter", _ => """{"findings":[{"phrase":"Dear support team","kind":"opener","reason":"stock opener"}]}""")
            .On("synsmith.updater", Updater);
    }

    public RoleChatClient Client { get; }

    /// <summary>Writes the text for one target; default: a stock opener, the label and a counter.</summary>
    public Func<JsonObject, string, string> WriteText { get; set; } = (target, system) =>
        $"Dear support team, about {target["intent"] ?? target.First().Value} ({target["style"]})";

    /// <summary>Decides the label the verifier reads for a text; default: the requested one.</summary>
    public Func<string, string, string> ReadLabel { get; set; } = (text, requested) => requested;

    /// <summary>Attributes the verifier fails for a text (besides the label).</summary>
    public Func<string, string[]> FailedAuxiliary { get; set; } = _ => [];

    /// <summary>The values the verifier reads for a text, given its requested attributes (null: none reported).</summary>
    public Func<string, JsonObject, Dictionary<string, string>?> ReadAttributes { get; set; } = (_, _) => null;

    /// <summary>Whether the judge calls a text synthetic.</summary>
    public Func<string, bool> JudgeSaysSynthetic { get; set; } = text => text.Contains("Dear support team", StringComparison.Ordinal);

    /// <summary>The updater's rewrite of the current prompt.</summary>
    public Func<string, int, string> Rewrite { get; set; } = (prompt, n) => prompt + $" Rule {n}: never open with a stock greeting.";

    public int UpdaterCalls { get; private set; }

    private string Generator(RecordedCall call)
    {
        var samples = new JsonArray();
        foreach (var target in call.UserJson["targets"]!.AsArray())
        {
            var attributes = target!["attributes"]!.AsObject();
            var n = Interlocked.Increment(ref _generated);
            var text = WriteText(attributes, call.System) + " #" + n.ToString(CultureInfo.InvariantCulture);
            samples.Add(new JsonObject
            {
                ["sample_id"] = "model-id-1",
                ["ref"] = target["ref"]!.GetValue<string>(),
                ["text"] = text,
                ["attributes"] = attributes.DeepClone(),
            });
        }

        return new JsonObject { ["samples"] = samples }.ToJsonString();
    }

    private string Verifier(RecordedCall call)
    {
        var label = call.UserJson["label_attribute"]!.GetValue<string>();
        var verdicts = new JsonArray();
        foreach (var sample in call.UserJson["samples"]!.AsArray())
        {
            var text = sample!["text"]!.GetValue<string>();
            var requested = sample["requested_attributes"]![label]!.GetValue<string>();
            var read = ReadLabel(text, requested);
            var failed = FailedAuxiliary(text).ToList();
            if (read != requested)
            {
                failed.Add(label);
            }

            var readAttributes = ReadAttributes(text, sample["requested_attributes"]!.AsObject());
            verdicts.Add(new JsonObject
            {
                ["ref"] = sample["ref"]!.GetValue<string>(),
                ["read_label"] = read,
                ["read_attributes"] = readAttributes is null ? null : JsonSerializer.SerializeToNode(readAttributes),
                ["failed_attributes"] = new JsonArray(failed.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["reason"] = failed.Count == 0 ? "matches" : "does not match " + string.Join(",", failed),
            });
        }

        return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
    }

    private string Discriminator(RecordedCall call)
    {
        var verdicts = new JsonArray();
        foreach (var text in call.UserJson["texts"]!.AsArray())
        {
            var synthetic = JudgeSaysSynthetic(text!["text"]!.GetValue<string>());
            verdicts.Add(new JsonObject
            {
                ["ref"] = text["ref"]!.GetValue<string>(),
                ["prediction"] = synthetic ? "synthetic" : "real",
                ["confidence"] = 0.8,
                ["reason"] = synthetic ? "stock greeting" : "casual",
            });
        }

        return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
    }

    private string Pack(RecordedCall call)
    {
        var answers = new JsonArray();
        foreach (var comparison in call.UserJson["comparisons"]!.AsArray())
        {
            var a = comparison!["A"]!.AsArray().Select(t => t!.GetValue<string>()).ToArray();
            var synthetic = a.Count(JudgeSaysSynthetic) * 2 >= a.Length ? "A" : "B";
            answers.Add(new JsonObject { ["ref"] = comparison["ref"]!.GetValue<string>(), ["synthetic_pack"] = synthetic, ["shared_patterns"] = new JsonArray("same opener") });
        }

        return new JsonObject { ["comparisons"] = answers }.ToJsonString();
    }

    private string Updater(RecordedCall call)
    {
        UpdaterCalls++;
        var current = call.UserJson["current_prompt"]!.GetValue<string>();
        return new JsonObject { ["prompt"] = Rewrite(current, UpdaterCalls), ["motivation"] = "fix complaints" }.ToJsonString();
    }
}
