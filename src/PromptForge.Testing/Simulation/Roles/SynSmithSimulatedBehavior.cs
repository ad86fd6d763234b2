using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace PromptForge.Testing;

/// <summary>
/// Simulates every SynSmith role (<c>synsmith.*</c>) so an offline SynSmith loop shows real dynamics: the
/// generator opens and closes with stock phrases until its prompt (or the ban list it is sent) forbids them,
/// sometimes writes a text of a sibling class or ignores a requested style until a rule demands it; the verifier
/// reads the label from word overlap with the real anchors; the judges spot stock phrases; the mode hunter finds
/// the recurring ones; the updater turns complaints into rules, and now and then adds a harmful "formal letter"
/// rule that the acceptance gate has to roll back. It reads only role tags and the JSON data in the requests.
/// </summary>
internal sealed class SynSmithSimulatedBehavior : ISimulatedRoleBehavior
{
    private const string HarmfulRule = "Write every message as a formal letter.";

    private static readonly string[] StockOpeners =
        ["Hi support team, I hope this message finds you well.", "Hello, I am writing to inform you that", "Dear Customer Support,"];

    private static readonly string[] StockClosers = ["Thank you for your prompt assistance.", "I look forward to your response."];

    private static readonly string[] CasualOpeners = ["hey", "so", "ok so", "hi", "um", "quick one:"];

    private static readonly string[] Typos = ["pls", "recieve", "teh", "becuase", "acount"];

    public bool Handles(string roleTag) => roleTag.StartsWith("synsmith.", StringComparison.Ordinal);

    public string Respond(SimulatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var payload = Payload(request);
        if (payload is null)
        {
            return request.ResponseSchema is { } schema ? SimulatedJsonSchemaGenerator.Generate(schema, request) : "{}";
        }

        return request.RoleTag switch
        {
            "synsmith.generator" => Generate(request, payload),
            "synsmith.attribute_verifier" => Verify(payload),
            "synsmith.realism_discriminator" => Discriminate(request, payload),
            "synsmith.diversity_auditor" => Audit(request, payload),
            "synsmith.pack_discriminator" => ComparePacks(payload),
            "synsmith.mode_hunter" => Hunt(request, payload),
            "synsmith.updater" => Update(request, payload),
            _ => request.ResponseSchema is { } schema ? SimulatedJsonSchemaGenerator.Generate(schema, request) : "{}",
        };
    }

    // The task data is the first user message; a repair call appends its instruction after it.
    private static JsonObject? Payload(SimulatedRequest request)
    {
        var text = request.Messages.FirstOrDefault(m => m.Role == ChatRole.User)?.Text;
        try
        {
            return text is null ? null : JsonNode.Parse(text) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Generate(SimulatedRequest request, JsonObject payload)
    {
        var system = request.SystemText;
        var labelAttribute = payload["label_attribute"]?.GetValue<string>() ?? "intent";
        var labels = (payload["attributes"]?[labelAttribute] as JsonArray)?.Select(v => v!.GetValue<string>()).ToArray() ?? [];
        var avoid = (payload["avoid_phrases"] as JsonArray)?.Select(v => v!.GetValue<string>()).ToList() ?? [];
        var anchors = (payload["style_examples"] as JsonArray ?? []).Select(a => (Label: a!["label"]!.GetValue<string>(), Text: a["text"]!.GetValue<string>())).ToArray();
        var candidates = system.Contains("candidate", StringComparison.OrdinalIgnoreCase) ? 3 : 1;
        var output = new JsonArray();
        foreach (var target in payload["targets"] as JsonArray ?? [])
        {
            var reference = target!["ref"]!.GetValue<string>();
            var attributes = target["attributes"]!.AsObject();
            var written = new JsonArray();
            for (var c = 0; c < candidates; c++)
            {
                // Keyed on the whole request, not only the ref: refs restart at "t1" in every call, and a draw keyed
                // on the ref alone made every sample of a run take the same decisions (one seed could turn all of
                // them into the sibling-class stock text).
                var random = request.CreateRandom(request.Fingerprint + "/" + reference + "/" + c.ToString(CultureInfo.InvariantCulture));
                written.Add(new JsonObject
                {
                    ["text"] = Write(random, system, avoid, anchors, labels, labelAttribute, attributes),
                    ["attributes"] = attributes.DeepClone(),
                    ["probability"] = Math.Round(0.2 + (random.NextDouble() * 0.6), 2),
                });
            }

            output.Add(candidates == 1
                ? new JsonObject { ["ref"] = reference, ["text"] = written[0]!["text"]!.DeepClone(), ["attributes"] = attributes.DeepClone() }
                : new JsonObject { ["ref"] = reference, ["candidates"] = written });
        }

        return (candidates == 1 ? new JsonObject { ["samples"] = output } : new JsonObject { ["targets"] = output }).ToJsonString();
    }

    private static string Write(
        Random random, string system, List<string> avoid, (string Label, string Text)[] anchors, string[] labels, string labelAttribute, JsonObject attributes)
    {
        var label = attributes[labelAttribute]?.GetValue<string>() ?? "unknown";
        var style = attributes["style"]?.GetValue<string>();
        var noise = attributes["noise"]?.GetValue<string>();
        var hard = attributes["difficulty"]?.GetValue<string>() == "hard";
        var labelRule = system.Contains("unmistakable", StringComparison.OrdinalIgnoreCase);
        var attributeRule = system.Contains("visibly", StringComparison.OrdinalIgnoreCase);
        var casualRule = system.Contains("real customers", StringComparison.OrdinalIgnoreCase);
        var formal = system.Contains(HarmfulRule, StringComparison.Ordinal);

        // A sibling class sneaks in, more often for hard targets, rarely once the prompt demands an unmistakable label.
        var mislabelChance = (labelRule ? 0.03 : 0.2) + (hard ? 0.1 : 0);
        var writtenLabel = labels.Length > 1 && SimulatorText.Chance(random, mislabelChance) ? SimulatorText.Pick(random, labels.Where(l => l != label).ToArray()) : label;
        var ownAnchors = anchors.Where(a => a.Label == writtenLabel).Select(a => a.Text).ToArray();
        var body = ownAnchors.Length > 0 && writtenLabel == label
            ? Paraphrase(random, SimulatorText.Pick(random, ownAnchors))
            : $"it is about my {writtenLabel.Replace('_', ' ')}, can someone look at it";

        bool Banned(string phrase) =>
            avoid.Any(a => phrase.Contains(a, StringComparison.OrdinalIgnoreCase) || a.Contains(phrase, StringComparison.OrdinalIgnoreCase))
            || system.Contains(phrase, StringComparison.OrdinalIgnoreCase);

        var openers = StockOpeners.Where(p => !Banned(p)).ToArray();
        var closers = StockClosers.Where(p => !Banned(p)).ToArray();
        var stockChance = formal ? 1.0 : casualRule ? 0.1 : 0.7;
        var opener = formal ? "Dear Customer Support," : openers.Length > 0 && SimulatorText.Chance(random, stockChance) ? SimulatorText.Pick(random, openers) : SimulatorText.Pick(random, CasualOpeners);
        var closer = closers.Length > 0 && SimulatorText.Chance(random, stockChance) ? " " + SimulatorText.Pick(random, closers) : string.Empty;
        var text = $"{opener} {body}{closer}";

        // Requested styles and noise show only part of the time until a rule asks for them.
        if (attributeRule || SimulatorText.Chance(random, 0.6))
        {
            var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            text = style switch
            {
                "concise" or "fragmented" => string.Join(' ', words.Take(10)),
                "verbose" => text + " I have tried everything I could think of and I would really appreciate a detailed answer because this keeps happening.",
                "emotional" => text + " This is so frustrating!!",
                _ => text,
            };
            if (noise == "typos")
            {
                text += " " + SimulatorText.Pick(random, Typos);
            }
        }

        return text;
    }

    private static string Paraphrase(Random random, string anchor)
    {
        var words = anchor.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        var keep = Math.Max(4, (int)(words.Count * (0.5 + (random.NextDouble() * 0.4))));
        var builder = new StringBuilder(string.Join(' ', words.Take(keep)).TrimEnd('.', ','));
        builder.Append(SimulatorText.Pick(random, [" and it still isn't sorted", ", any update?", " again today", " since last week"]));
        return builder.ToString();
    }

    private static string Verify(JsonObject payload)
    {
        var labelAttribute = payload["label_attribute"]?.GetValue<string>() ?? "intent";
        var anchors = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var group in new[] { payload["same_class_anchors"], payload["sibling_class_anchors"] }.OfType<JsonObject>())
        {
            foreach (var (label, texts) in group)
            {
                var words = (texts as JsonArray ?? []).SelectMany(t => ContentWords(t!.GetValue<string>())).Concat(label.Split('_'));
                (anchors.TryGetValue(label, out var set) ? set : anchors[label] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(words);
            }
        }

        var verdicts = new JsonArray();
        foreach (var sample in payload["samples"] as JsonArray ?? [])
        {
            var text = sample!["text"]!.GetValue<string>();
            var requested = sample["requested_attributes"]!.AsObject();
            var requestedLabel = requested[labelAttribute]?.GetValue<string>() ?? string.Empty;
            var words = ContentWords(text).ToHashSet(StringComparer.Ordinal);
            var read = anchors.Count == 0 ? requestedLabel : anchors
                .Select(a => (Label: a.Key, Score: words.Count(a.Value.Contains) + (text.Contains(a.Key.Replace('_', ' '), StringComparison.OrdinalIgnoreCase) ? 3 : 0)))
                .OrderByDescending(a => a.Score).ThenBy(a => a.Label == requestedLabel ? 0 : 1).First().Label;
            var failed = new JsonArray();
            if (read != requestedLabel)
            {
                failed.Add(labelAttribute);
            }

            var length = text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            var style = requested["style"]?.GetValue<string>();
            if ((style is "concise" or "fragmented" && length > 12) || (style == "verbose" && length < 20))
            {
                failed.Add("style");
            }

            if (requested["noise"]?.GetValue<string>() == "typos" && !Typos.Any(t => text.Contains(t, StringComparison.Ordinal)))
            {
                failed.Add("noise");
            }

            verdicts.Add(new JsonObject
            {
                ["ref"] = sample["ref"]!.GetValue<string>(),
                ["read_label"] = read,
                ["failed_attributes"] = failed,
                ["reason"] = failed.Count == 0 ? "the text shows the requested attributes" : $"reads as {read}; misses {string.Join(", ", failed.Select(f => f!.GetValue<string>()))}",
            });
        }

        return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
    }

    private static string Discriminate(SimulatedRequest request, JsonObject payload)
    {
        var verdicts = new JsonArray();
        foreach (var item in payload["texts"] as JsonArray ?? [])
        {
            var text = item!["text"]!.GetValue<string>();
            var reference = item["ref"]!.GetValue<string>();
            var artifact = StockOpeners.Concat(StockClosers).FirstOrDefault(p => text.Contains(p, StringComparison.OrdinalIgnoreCase));
            // Keyed on the text (the item), not its positional ref: the judge's occasional false alarm follows the text.
            var random = request.CreateRandom("judge/" + text);
            var synthetic = artifact is not null || SimulatorText.Chance(random, 0.15);
            verdicts.Add(new JsonObject
            {
                ["ref"] = reference,
                ["prediction"] = synthetic ? "synthetic" : "real",
                ["confidence"] = artifact is not null ? 0.9 : 0.55,
                ["reason"] = artifact is not null ? $"stock phrasing \"{artifact}\"" : synthetic ? "slightly too tidy" : "casual and specific",
            });
        }

        return new JsonObject { ["verdicts"] = verdicts }.ToJsonString();
    }

    private static string Audit(SimulatedRequest request, JsonObject payload)
    {
        var missing = new JsonArray();
        foreach (var (attribute, coverage) in payload["coverage"] as JsonObject ?? [])
        {
            foreach (var value in (coverage?["missing_values"] as JsonArray ?? []).Take(2))
            {
                missing.Add($"no messages with {attribute} = {value}");
            }
        }

        var openers = (payload["samples"] as JsonArray ?? []).Select(s => string.Join(' ', s!["text"]!.GetValue<string>().Split(' ').Take(3))).ToArray();
        var common = openers.GroupBy(o => o).OrderByDescending(g => g.Count()).FirstOrDefault();
        var over = new JsonArray();
        if (common is not null && common.Count() * 3 > openers.Length)
        {
            over.Add($"{common.Count()} messages open with \"{common.Key}\"");
        }

        return new JsonObject
        {
            ["summary"] = "simulated audit",
            ["missing_modes"] = missing,
            ["overrepresented_modes"] = over,
            ["recommendations"] = new JsonArray("vary the openings and the situations"),
            ["near_duplicate_rate"] = Math.Round(request.Random.NextDouble(), 2),
        }.ToJsonString();
    }

    private static string ComparePacks(JsonObject payload)
    {
        var answers = new JsonArray();
        foreach (var comparison in payload["comparisons"] as JsonArray ?? [])
        {
            int Stock(string pack) => (comparison![pack] as JsonArray ?? []).Count(t => StockOpeners.Concat(StockClosers).Any(p => t!.GetValue<string>().Contains(p, StringComparison.OrdinalIgnoreCase)));
            var a = Stock("A");
            var b = Stock("B");
            var pick = a >= b ? "A" : "B";
            var patterns = new JsonArray();
            foreach (var phrase in StockOpeners.Concat(StockClosers).Where(p => (comparison![pick] as JsonArray ?? []).Any(t => t!.GetValue<string>().Contains(p, StringComparison.OrdinalIgnoreCase))))
            {
                patterns.Add($"\"{phrase}\"");
            }

            answers.Add(new JsonObject { ["ref"] = comparison!["ref"]!.GetValue<string>(), ["synthetic_pack"] = pick, ["shared_patterns"] = patterns });
        }

        return new JsonObject { ["comparisons"] = answers }.ToJsonString();
    }

    private static string Hunt(SimulatedRequest request, JsonObject payload)
    {
        var synthetic = (payload["synthetic_texts"] as JsonArray ?? []).Select(t => t!.GetValue<string>()).ToArray();
        var real = (payload["real_texts"] as JsonArray ?? []).Select(t => t!["text"]!.GetValue<string>()).ToArray();
        var upTo = request.SystemText.IndexOf("up to ", StringComparison.Ordinal);
        var max = upTo >= 0 && int.TryParse(new string(request.SystemText[(upTo + 6)..].TakeWhile(char.IsDigit).ToArray()), CultureInfo.InvariantCulture, out var n) ? n : 4;
        var candidates = StockOpeners.Concat(StockClosers)
            .Concat(synthetic.Select(t => string.Join(' ', t.Split(' ').Take(4))))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Select(p => (Phrase: p, Count: synthetic.Count(t => t.Contains(p, StringComparison.OrdinalIgnoreCase))))
            .Where(p => p.Count >= 2 && !real.Any(r => r.Contains(p.Phrase, StringComparison.OrdinalIgnoreCase)))
            .OrderByDescending(p => p.Count)
            .Take(max);
        var findings = new JsonArray();
        foreach (var (phrase, count) in candidates)
        {
            findings.Add(new JsonObject { ["phrase"] = phrase, ["kind"] = "stock_phrase", ["reason"] = $"{count} synthetic texts, no real one" });
        }

        return new JsonObject { ["findings"] = findings }.ToJsonString();
    }

    private static string Update(SimulatedRequest request, JsonObject payload)
    {
        var current = payload["current_prompt"]?.GetValue<string>() ?? string.Empty;
        var rejected = payload["last_rejected_rewrite"]?["prompt"]?.GetValue<string>();
        var complaints = (payload["critics"] as JsonArray ?? [])
            .SelectMany(c => c!["complaints"] as JsonArray ?? [])
            .Select(c => (Code: c!["code"]?.GetValue<string>() ?? string.Empty, Text: c.ToJsonString()))
            .ToArray();
        var banned = (payload["banned_phrases"] as JsonArray ?? []).Select(p => p!.GetValue<string>());
        var rules = new List<string>();
        foreach (var phrase in StockOpeners.Concat(StockClosers).Where(p => banned.Contains(p, StringComparer.OrdinalIgnoreCase) || complaints.Any(c => c.Text.Contains(p, StringComparison.OrdinalIgnoreCase))))
        {
            rules.Add($"Never use the phrase \"{phrase}\".");
        }

        if (complaints.Any(c => c.Code == "label_mismatch"))
        {
            rules.Add("Make the requested class unmistakable: the message must clearly be about it and not about a sibling class.");
        }

        if (complaints.Any(c => c.Code == "auxiliary_attribute_mismatch"))
        {
            rules.Add("Let every requested attribute visibly shape the message (length for style, typos for noise).");
        }

        if (complaints.Any(c => c.Code is "coverage_hole" or "realism_artifact"))
        {
            rules.Add("Write like real customers: short, casual, with concrete details.");
        }

        // Now and then the rewrite adds a harmful rule; the acceptance gate has to catch it.
        if (rejected is null && SimulatorText.Chance(request.Random, 0.25))
        {
            rules.Add(HarmfulRule);
        }

        var added = rules.Where(r => !current.Contains(r, StringComparison.Ordinal) && (rejected is null || !rejected.Contains(r, StringComparison.Ordinal) || r != HarmfulRule)).ToArray();
        var prompt = added.Length == 0 ? current + "\n- Vary the situations and the wording." : current + "\n- " + string.Join("\n- ", added);
        return new JsonObject
        {
            ["prompt"] = prompt,
            ["motivation"] = $"addressed: {string.Join(", ", complaints.Select(c => c.Code).Distinct())}",
        }.ToJsonString();
    }

    private static IEnumerable<string> ContentWords(string text) =>
        text.ToLowerInvariant().Split([' ', ',', '.', '!', '?', ':', ';', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length > 3);
}
