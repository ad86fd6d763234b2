using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptForge.Testing;

/// <summary>
/// Simulates every SIPDO role (<c>sipdo.*</c>) over <see cref="SipdoSimulatedWorld"/> so an offline SIPDO loop shows
/// real dynamics: items at higher levels exercise harder skills; the task model fails items whose deciding skill its
/// prompt does not state; error analysis names the missing skills; the suggestion (temperature 0.7) is sometimes too
/// vague to help, so local confirmation fails and the optimizer patches again; a long prompt's rewrite sometimes drops
/// an old rule, which global confirmation catches; the generator sometimes hallucinates a label, which the verifiers
/// reject. It reads only role tags and the JSON-encoded data in the requests.
/// </summary>
internal sealed partial class SipdoSimulatedBehavior : ISimulatedRoleBehavior
{
    private const double VagueSuggestionChance = 0.3;
    private const double DropOldRuleChance = 0.3;
    private const int RulesBeforeDropping = 2;
    private const double VerifierNoiseChance = 0.02;

    public bool Handles(string roleTag) => roleTag.StartsWith("sipdo.", StringComparison.Ordinal);

    public string Respond(SimulatedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.RoleTag switch
        {
            "sipdo.generator" => Generate(request),
            "sipdo.verifier" => Verify(request),
            "sipdo.summarizer" => Summarize(request),
            "sipdo.task" => Answer(request),
            "sipdo.error_analysis" => Analyze(request),
            "sipdo.suggestion" => Suggest(request),
            "sipdo.rewrite" => Rewrite(request),
            _ => request.ResponseSchema is { } schema ? SimulatedJsonSchemaGenerator.Generate(schema, request) : SimulatedAnswers.PickAnswer(request),
        };
    }

    private static string Generate(SimulatedRequest request)
    {
        var text = request.UserText;
        var levelMatch = LevelRegex().Match(text);
        int? level = levelMatch.Success ? int.Parse(levelMatch.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        int? maxLevel = levelMatch.Success ? int.Parse(levelMatch.Groups[2].Value, CultureInfo.InvariantCulture) : null;
        var label = LabelRegex().Match(text) is { Success: true } l ? JsonSerializer.Deserialize<string>(l.Groups[1].Value) ?? "Yes" : null;
        var yes = label is null ? SimulatorText.Chance(request.Random, 0.5) : !label.Trim().StartsWith('n') && !label.Trim().StartsWith('N');
        var skill = SipdoSimulatedWorld.SkillForLevel(level, maxLevel, request.Random);

        // Hallucinated labels grow with difficulty: the story supports the other answer than the one stated.
        var hallucinationChance = level is { } c && maxLevel is { } n ? 0.15 * c / n : 0.05;
        var storyYes = SimulatorText.Chance(request.Random, hallucinationChance) ? !yes : yes;
        var input = SipdoSimulatedWorld.WriteItem(skill, storyYes, level ?? 1, request.Random);
        var answer = label ?? (yes ? "Yes" : "No");

        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("input", input);
            w.WriteString("answer", answer);
            w.WriteStartArray("choices");
            w.WriteEndArray();
            w.WriteString("rationale", $"Exercises {skill.Name}: {skill.Rule}");
            w.WriteEndObject();
        });
    }

    private static string Verify(SimulatedRequest request)
    {
        var item = SimulatorJson.FindAll(request.UserText).FirstOrDefault(e => e.ValueKind == JsonValueKind.Object && SimulatorJson.GetString(e, "input") is not null);
        var input = item.ValueKind == JsonValueKind.Object ? SimulatorJson.GetString(item, "input") ?? string.Empty : string.Empty;
        var proposed = item.ValueKind == JsonValueKind.Object ? SimulatorJson.GetString(item, "proposed_answer") ?? string.Empty : string.Empty;
        var careful = SipdoSimulatedWorld.CarefulYes(input) ? "Yes" : "No";
        var consistent = string.Equals(careful, proposed.Trim(), StringComparison.OrdinalIgnoreCase);

        // Independent votes at temperature above zero: a rare vote disagrees with a correct label.
        var judged = consistent && !SimulatorText.Chance(request.Random, VerifierNoiseChance);
        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("answer", careful);
            w.WriteBoolean("label_is_correct", judged);
            w.WriteString("reason", judged ? "The story supports the proposed answer." : $"Reading the story carefully gives {careful}.");
            w.WriteEndObject();
        });
    }

    private static string Summarize(SimulatedRequest request)
    {
        var items = SimulatorJson.FindAll(request.UserText).Where(e => e.ValueKind == JsonValueKind.Array).SelectMany(a => a.EnumerateArray()).ToList();
        var skills = items
            .Select(i => SipdoSimulatedWorld.DecidingSkill(SimulatorJson.GetString(i, "input") ?? string.Empty)?.Name ?? "plain")
            .GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("summary", $"{items.Count} earlier items; skills used: {string.Join(", ", skills)}. Later levels added distracting events.");
            w.WriteEndObject();
        });
    }

    private static string Answer(SimulatedRequest request)
    {
        var question = request.UserText;
        var skill = SipdoSimulatedWorld.DecidingSkill(question);
        bool yes;
        string reasoning;
        if (skill is null)
        {
            yes = true;
            reasoning = "The agent's action led directly to the outcome.";
        }
        else if (SipdoSimulatedWorld.PromptKnows(request.SystemText, skill))
        {
            yes = SipdoSimulatedWorld.CarefulYes(question);
            reasoning = $"Applying the rule on {skill.Marker}.";
        }
        else
        {
            yes = skill.NaiveYes;
            reasoning = "Judging from the outcome alone.";
        }

        return $"{reasoning} The answer is {(yes ? "Yes" : "No")}.";
    }

    private static string Analyze(SimulatedRequest request)
    {
        var missing = MissingSkills(request);
        var analysis = missing.Count == 0
            ? "The prompt does not make the model state its answer clearly."
            : $"The prompt lets the model judge from the outcome alone. It gives no guidance on: {string.Join("; ", missing.Select(s => s.Name))}.";
        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("analysis", analysis);
            w.WriteEndObject();
        });
    }

    private static string Suggest(SimulatedRequest request)
    {
        var named = NamedSkills(request.UserText);

        // At temperature 0.7 the reflection is sometimes too vague to fix anything.
        var vague = SimulatorText.Chance(request.Random, VagueSuggestionChance);
        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartArray("suggestions");
            if (vague || named.Count == 0)
            {
                w.WriteStringValue("Ask the model to read the story more carefully before answering.");
            }
            else
            {
                foreach (var skill in named)
                {
                    w.WriteStringValue($"Add the rule: {skill.Rule}");
                }
            }

            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static string Rewrite(SimulatedRequest request)
    {
        var text = request.UserText;
        var current = PromptRegex().Match(text) is { Success: true } p ? JsonSerializer.Deserialize<string>(p.Groups[1].Value) ?? string.Empty : string.Empty;
        var description = DescriptionRegex().Match(text) is { Success: true } d ? JsonSerializer.Deserialize<string>(d.Groups[1].Value) ?? string.Empty : string.Empty;
        var outputFormat = OutputFormatRegex().Match(text) is { Success: true } o ? JsonSerializer.Deserialize<string>(o.Groups[1].Value) ?? string.Empty : "Finish with \"The answer is: Yes\" or \"The answer is: No\".";
        var suggestions = SimulatorJson.FindAll(text).Where(e => e.ValueKind == JsonValueKind.Array).SelectMany(a => a.EnumerateArray())
            .Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToList();

        // Keep the rules the prompt has, in order, then add the suggested ones.
        var rules = SipdoSimulatedWorld.Skills.Where(s => SipdoSimulatedWorld.PromptKnows(current, s))
            .OrderBy(s => current.IndexOf(s.Marker, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var skill in SipdoSimulatedWorld.Skills.Where(s => suggestions.Any(x => x.Contains(s.Rule, StringComparison.Ordinal)) && !rules.Contains(s)))
        {
            rules.Add(skill);
        }

        // Rewrites of a long prompt sometimes "simplify" an old rule away; global confirmation must catch it.
        var dropped = rules.Count > RulesBeforeDropping && SimulatorText.Chance(request.CreateRandom("drop:" + current), DropOldRuleChance) ? rules[0] : null;
        if (dropped is not null)
        {
            rules.RemoveAt(0);
        }

        var vagueAddition = suggestions.Any(s => s.StartsWith("Ask the model to read", StringComparison.Ordinal)) ? "\nRead the whole story carefully before answering." : string.Empty;
        var prompt = $"""
            Task requirements: {(description.Length > 0 ? description : "Answer the question about causation as a typical person would.")}
            Rule explanation:
            {(rules.Count == 0 ? "- Judge causation from the story." : string.Join("\n", rules.Select(r => "- " + r.Rule)))}
            Rule application: find which rule the story triggers and apply it.{vagueAddition}
            Result verification: check the answer against the story's facts.
            Output format: {outputFormat}
            """;
        if (string.Equals(prompt.Trim(), current.Trim(), StringComparison.Ordinal))
        {
            prompt += "\nState the deciding fact before the answer.";
        }

        return SimulatorJson.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("prompt", prompt);
            w.WriteString("motivation", dropped is null ? "Added the missing rules." : $"Added the missing rules and shortened the prompt (dropped {dropped.Name}).");
            w.WriteEndObject();
        });
    }

    /// <summary>Deciding skills of the wrongly answered questions that the current prompt does not state.</summary>
    private static List<SimulatedSkill> MissingSkills(SimulatedRequest request)
    {
        var current = PromptRegex().Match(request.UserText) is { Success: true } p ? JsonSerializer.Deserialize<string>(p.Groups[1].Value) ?? string.Empty : string.Empty;
        return SimulatorJson.FindAll(request.UserText)
            .Where(e => e.ValueKind == JsonValueKind.Array)
            .SelectMany(a => a.EnumerateArray())
            .Select(e => SimulatorJson.GetString(e, "question"))
            .OfType<string>()
            .Select(SipdoSimulatedWorld.DecidingSkill)
            .OfType<SimulatedSkill>()
            .Where(s => !SipdoSimulatedWorld.PromptKnows(current, s))
            .Distinct()
            .ToList();
    }

    private static List<SimulatedSkill> NamedSkills(string text) =>
        SipdoSimulatedWorld.Skills.Where(s => AnalysisRegex().Match(text) is { Success: true } a && a.Value.Contains(s.Name, StringComparison.Ordinal)).ToList();

    [GeneratedRegex(@"level (\d+) of (\d+)", RegexOptions.CultureInvariant)]
    private static partial Regex LevelRegex();

    [GeneratedRegex(@"must be exactly (""(?:[^""\\]|\\.)*"")", RegexOptions.CultureInvariant)]
    private static partial Regex LabelRegex();

    [GeneratedRegex(@"prompt \(JSON string\): (""(?:[^""\\]|\\.)*"")", RegexOptions.CultureInvariant)]
    private static partial Regex PromptRegex();

    [GeneratedRegex(@"Task description \(JSON string\): (""(?:[^""\\]|\\.)*"")", RegexOptions.CultureInvariant)]
    private static partial Regex DescriptionRegex();

    [GeneratedRegex(@"output format section must say what this JSON string says: (""(?:[^""\\]|\\.)*"")", RegexOptions.CultureInvariant)]
    private static partial Regex OutputFormatRegex();

    [GeneratedRegex(@"Error analysis \(JSON string\): [^\n]*", RegexOptions.CultureInvariant)]
    private static partial Regex AnalysisRegex();
}
