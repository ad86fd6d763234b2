using System.Globalization;

namespace PromptForge.Sipdo;

/// <summary>
/// Simulates every SIPDO role for any task over a <see cref="SimulatedTaskWorld"/> derived from the task's examples (see
/// docs/simulator.md): the generator writes items of the requested label that exhibit a skill, harder skills at higher
/// levels, and sometimes hallucinates a label (more at higher levels), which the verifiers reject; the task model answers
/// in the task's format, correctly with a probability set by the item's skill and the rules the prompt states; the
/// optimizer's analysis names the skills behind the errors, its suggestion (temperature 0.7) is sometimes too vague to
/// help, and its rewrite adds the suggested rules, which may overreach and hurt another skill or, in a long prompt, drop
/// an old rule, so global confirmation sees regressions.
/// </summary>
/// <remarks>
/// It reads the role's data only from the <see cref="SipdoPromptData"/> blocks of the request, deserialized with SIPDO's own
/// payload types (fields it does not know are ignored), and answers with SIPDO's own reply types; the task role reads its
/// prompt (system message) and question (user message). Every random decision about one item is drawn from
/// <see cref="SimulatedRoleRequest.CreateRandom(string)"/> keyed by the item, so a prompt changes an answer only through
/// the rules it states. A request without a block the role needs fails loudly.
/// </remarks>
internal sealed class SipdoTaskSimulatedBehavior : SipdoRoleBehavior
{
    private const double VagueSuggestionChance = 0.3;
    private const double DropOldRuleChance = 0.25;
    private const int RulesBeforeDropping = 2;
    private const double VerifierNoiseChance = 0.02;
    private const double InterferenceChance = 0.6;
    private const double WordingNoise = 0.04;
    private const string VagueSuggestion = "Ask the model to read the whole question carefully before answering.";

    private readonly SimulatedTaskWorld _world;

    public SipdoTaskSimulatedBehavior(TaskDefinition task) => _world = new SimulatedTaskWorld(task);

    /// <summary>Gets the world the behavior simulates (tests read its skills).</summary>
    internal SimulatedTaskWorld World => _world;

    protected override SimulatedRoleResponse Generate(SimulatedRoleRequest request, string data)
    {
        // An ungraded (ablation) request carries no level, an open-answer request no label.
        int? level = SipdoPromptData.TryRead(data, SipdoPromptData.Level, SipdoJsonContext.Default.Int32, out var c) ? c : null;
        int? maxLevel = SipdoPromptData.TryRead(data, SipdoPromptData.MaxLevel, SipdoJsonContext.Default.Int32, out var m) ? m : null;
        var label = SipdoPromptData.TryRead(data, SipdoPromptData.Label, SipdoJsonContext.Default.String, out var l) ? l : null;
        var history = SipdoPromptData.TryRead(data, SipdoPromptData.History, SipdoJsonContext.Default.HistoryPayload, out var h) ? h : null;
        var random = request.Random;

        // Difficulty: the share of the level in the curriculum (no level: anywhere).
        var progress = level is { } lv && maxLevel is { } max && max > 0 ? Math.Clamp(lv / (double)max, 0, 1) : random.NextDouble();
        var skill = PickSkill(progress, random);
        var used = new HashSet<TaskExample>(
            (history?.RecentItems ?? []).Select(i => _world.Resolve(i.Input)).OfType<TaskExample>(),
            ReferenceEqualityComparer.Instance);
        var wanted = label is null ? null : _world.NormalizeAnswer(label, null);
        var fresh = _world.Training.Where(t => !used.Contains(t.Example)).ToArray();
        if (fresh.Length == 0)
        {
            fresh = _world.Training.ToArray();
        }

        var matching = fresh.Where(t => wanted is null || _world.Format.Normalize(t.Example.Target) == wanted).ToArray();
        var matchingExamples = matching.Select(t => t.Example).ToHashSet(ReferenceEqualityComparer.Instance);

        // Hallucinated labels grow with difficulty: the item is written from an example with another answer.
        var hallucinate = Chance(random, 0.03 + (0.12 * progress));
        var pool = matching.Length == 0 || (hallucinate && matching.Length < fresh.Length)
            ? fresh.Where(t => !matchingExamples.Contains(t.Example)).ToArray()
            : matching;
        var deciding = pool.Where(t => _world.DecidingSkill(t.Question) == skill).ToArray();
        var showing = deciding.Length > 0 ? deciding : pool.Where(t => skill.IsExhibitedBy(t.Question)).ToArray();
        var (baseExample, baseQuestion) = Pick(random, showing.Length > 0 ? showing : pool);

        var lead = Lead(skill, baseQuestion, level ?? 1, random);
        var input = $"{lead}\n\n{baseExample.Input.Trim()}";
        var answer = label ?? (hallucinate ? _world.WrongAnswers(baseExample, baseExample.Input).FirstOrDefault() ?? baseExample.Target : baseExample.Target);
        var decided = _world.DecidingSkill(input);
        return SimulatedRoleResponse.FromJson(
            new GeneratedSampleOutput
            {
                Input = input,
                Answer = answer,
                Choices = baseExample.Choices?.ToList() ?? [],
                Rationale = $"Exercises {decided.Name}; written from a real example of the task.",
            },
            SipdoJsonContext.Default.GeneratedSampleOutput);
    }

    private SimulatedTaskSkill PickSkill(double progress, Random random)
    {
        // Target hardness rises with the level; skills near it are likelier.
        var target = 0.2 + (0.7 * progress);
        var options = _world.Skills.Select(s => (Skill: s, Weight: Math.Exp(-Math.Abs(s.Hardness - target) / 0.15))).ToList();
        var draw = random.NextDouble() * options.Sum(o => o.Weight);
        foreach (var (skill, weight) in options)
        {
            draw -= weight;
            if (draw <= 0)
            {
                return skill;
            }
        }

        return options[^1].Skill;
    }

    /// <summary>A lead that makes the item new and exhibit <paramref name="skill"/>; higher levels add distracting sentences.</summary>
    private static string Lead(SimulatedTaskSkill skill, SimulatedQuestion baseQuestion, int level, Random random)
    {
        string[] distractors =
        [
            "Some of the details below do not matter.",
            "The statements may be given in any order.",
            "Names and objects were changed from an earlier version.",
            "One of the facts below repeats another in other words.",
            "Take every statement literally.",
        ];
        var parts = new List<string> { string.Create(CultureInfo.InvariantCulture, $"Variant {random.Next(1000, 9999)}.") };
        if (skill is { Keyword: { } keyword } && !baseQuestion.Contains(keyword))
        {
            parts.Add($"Pay attention to what the question says about \"{keyword}\".");
        }

        parts.AddRange(Enumerable.Range(0, Math.Max(0, level - 1) / 3).Select(_ => distractors[random.Next(distractors.Length)]));
        if (skill is { Keyword: null, MinimumWords: > 0 } lengthSkill)
        {
            var words = baseQuestion.WordCount + parts.Sum(p => p.Split(' ').Length);
            while (words < lengthSkill.MinimumWords)
            {
                var sentence = distractors[random.Next(distractors.Length)];
                parts.Add(sentence);
                words += sentence.Split(' ').Length;
            }
        }

        return string.Join(' ', parts);
    }

    protected override SimulatedRoleResponse Verify(SimulatedRoleRequest request, string data)
    {
        var item = SipdoPromptData.Read(data, SipdoPromptData.Item, SipdoJsonContext.Default.VerificationItemPayload);
        var truth = _world.Resolve(item.Input);
        var proposed = _world.NormalizeAnswer(item.ProposedAnswer, item.Choices);
        bool consistent;
        string? own;
        if (truth is not null)
        {
            own = truth.Target;
            consistent = _world.Format.Normalize(truth.Target) == proposed;
        }
        else
        {
            // An item the simulator did not write: a well-formed answer (in the label space, readable) is accepted.
            var extraction = _world.Format.Extract(item.ProposedAnswer, item.Choices);
            consistent = extraction.IsSuccess && (_world.LabelSpace is null || _world.LabelSpace.Contains(extraction.Answer!, StringComparer.Ordinal));
            own = consistent ? item.ProposedAnswer : null;
        }

        // Independent votes at temperature above zero: a rare vote disagrees with a correct label.
        var judged = consistent && !Chance(request.Random, VerifierNoiseChance);
        return SimulatedRoleResponse.FromJson(
            new VerifierVoteOutput
            {
                Answer = judged ? own : null,
                LabelIsCorrect = judged,
                Reason = judged ? "The question supports the proposed answer." : truth is null ? "The proposed answer is not a valid answer of the task." : $"Working it through gives {truth.Target}.",
            },
            SipdoJsonContext.Default.VerifierVoteOutput);
    }

    protected override SimulatedRoleResponse Summarize(string data)
    {
        var items = SipdoPromptData.Read(data, SipdoPromptData.Items, SipdoJsonContext.Default.HistoryItemPayloadArray);
        var skills = items
            .Select(i => _world.DecidingSkill(i.Input).Name)
            .GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        return SimulatedRoleResponse.FromJson(
            new SummaryOutput { Summary = $"{items.Length} earlier items; skills used: {string.Join(", ", skills)}. Later levels added distracting sentences." },
            SipdoJsonContext.Default.SummaryOutput);
    }

    protected override SimulatedRoleResponse Answer(SimulatedRoleRequest request)
    {
        // The task role is the deployed prompt (system) answering the item's input (user): no template, no blocks.
        var prompt = request.SystemText;
        var question = request.UserText;
        var truth = _world.Resolve(question);
        var skill = _world.DecidingSkill(question);

        // The item's latent draws do not depend on the prompt: a prompt changes the answer only through its rules.
        var item = request.CreateRandom("item:" + question.Trim());
        var latent = item.NextDouble();
        var prose = item.NextDouble();
        var wrongPick = item.NextDouble();
        var wrong = _world.WrongAnswers(truth, question);
        // Wording noise: two prompts stating the same rules still differ a little on an item (fixed per prompt and item).
        var wording = (request.Random.NextDouble() - 0.5) * 2 * WordingNoise;
        var probability = truth is null ? 0 : _world.CorrectProbability(skill, prompt, _world.Chance(truth, question), other => Interferes(request, other)) + wording;
        var reasoning = skill.Coverage(prompt) > 0 ? $"Applying the prompt's rule for questions that {skill.Name}." : "Answering from the overall impression of the question.";

        if (!SimulatedTaskWorld.StatesAnswerFormat(prompt) && prose < SimulatedTaskWorld.UnstatedFormatProseChance)
        {
            // Told nothing about the answer format, the model sometimes ends without a final answer line.
            return SimulatedRoleResponse.FromText($"{reasoning} I cannot settle on a single final answer here.");
        }

        var answer = latent < probability || wrong.Count == 0
            ? truth?.Target ?? "unknown"
            : wrong[(int)(wrongPick * wrong.Count)];
        return SimulatedRoleResponse.FromText($"{reasoning}\n{_world.FinalLine(answer)}");
    }

    /// <summary>Whether a stated rule of <paramref name="skill"/> overreaches in this seed's world (fixed per seed and skill).</summary>
    private static bool Interferes(SimulatedRoleRequest request, SimulatedTaskSkill skill) =>
        Chance(request.CreateRandom("interference:" + skill.Name), InterferenceChance);

    protected override SimulatedRoleResponse Analyze(string data)
    {
        var (missing, weak) = Diagnose(data);
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"The prompt gives no guidance for questions that: {string.Join("; ", missing.Select(s => s.Name))}.");
        }

        if (weak.Count > 0)
        {
            parts.Add($"It states a rule but the model still slips on questions that: {string.Join("; ", weak.Select(s => s.Name))}.");
        }

        if (parts.Count == 0)
        {
            parts.Add("The prompt already states and stresses the rules these questions need; the model answered without checking its work.");
        }

        return SimulatedRoleResponse.FromJson(new ErrorAnalysisOutput { Analysis = string.Join(' ', parts) }, SipdoJsonContext.Default.ErrorAnalysisOutput);
    }

    protected override SimulatedRoleResponse Suggest(SimulatedRoleRequest request, string data)
    {
        // The suggestion sees the same errors and prompt as the analysis: it derives the skills from them, not from the
        // wording of the (simulated) analysis.
        var (missing, weak) = Diagnose(data);

        // At temperature 0.7 the reflection is sometimes too vague to fix anything.
        var vague = Chance(request.Random, VagueSuggestionChance);
        List<string> suggestions = vague || missing.Count + weak.Count == 0
            ? [VagueSuggestion]
            : [.. missing.Select(s => "Add the rule: " + s.Rule), .. weak.Select(s => "Stress the rule: " + s.Emphasis)];
        return SimulatedRoleResponse.FromJson(new SuggestionOutput { Suggestions = suggestions }, SipdoJsonContext.Default.SuggestionOutput);
    }

    protected override SimulatedRoleResponse Rewrite(SimulatedRoleRequest request, string data)
    {
        var current = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
        var description = SipdoPromptData.TryRead(data, SipdoPromptData.TaskDescription, SipdoJsonContext.Default.String, out var d) ? d! : _world.Task.Description;
        var outputFormat = SipdoPromptData.TryRead(data, SipdoPromptData.OutputFormat, SipdoJsonContext.Default.String, out var o) ? o! : _world.Format.OutputInstruction;
        var suggestions = SipdoPromptData.Read(data, SipdoPromptData.Suggestions, SipdoJsonContext.Default.StringArray);

        // Keep the rules the prompt states, in order, then add the suggested ones.
        var rules = _world.Skills.Where(s => s.Coverage(current) > 0)
            .OrderBy(s => current.IndexOf(s.RuleMarker, StringComparison.OrdinalIgnoreCase))
            .ToList();
        var stressed = _world.Skills.Where(s => s.Coverage(current) == 2).ToHashSet();
        foreach (var skill in _world.Skills)
        {
            var addsRule = suggestions.Any(s => s.Contains(skill.RuleMarker, StringComparison.OrdinalIgnoreCase));
            var addsStress = suggestions.Any(s => s.Contains(skill.EmphasisMarker, StringComparison.OrdinalIgnoreCase));
            if ((addsRule || addsStress) && !rules.Contains(skill))
            {
                rules.Add(skill);
            }

            if (addsStress)
            {
                stressed.Add(skill);
            }
        }

        // Rewrites of a long prompt sometimes "simplify" an old rule away; global confirmation must catch it.
        var dropped = rules.Count > RulesBeforeDropping && Chance(request.CreateRandom("drop:" + current), DropOldRuleChance) ? rules[0] : null;
        if (dropped is not null)
        {
            rules.RemoveAt(0);
            stressed.Remove(dropped);
        }

        var careful = current.Contains(SimulatedTaskWorld.CarefulMarker, StringComparison.OrdinalIgnoreCase)
            || suggestions.Contains(VagueSuggestion, StringComparer.Ordinal);
        var ruleLines = rules.Count == 0
            ? "- Answer from the question's own statements."
            : string.Join("\n", rules.Select(r => "- " + r.Rule).Concat(rules.Where(stressed.Contains).Select(r => "- " + r.Emphasis)));
        var prompt = $"""
            Task requirements: {description.Trim()}
            Rule explanation:
            {ruleLines}
            Rule application: find which rules the question triggers and apply them.{(careful ? " First read the whole question carefully." : string.Empty)}
            Result verification: check the answer against every statement in the question.
            Output format: {outputFormat.Trim()}
            """;
        if (string.Equals(prompt.Trim(), current.Trim(), StringComparison.Ordinal))
        {
            prompt += "\nState the deciding fact before the answer.";
        }

        return SimulatedRoleResponse.FromJson(
            new RewriteOutput { Prompt = prompt, Motivation = dropped is null ? "Added the suggested rules." : $"Added the suggested rules and shortened the prompt (dropped the rule for questions that {dropped.Name})." },
            SipdoJsonContext.Default.RewriteOutput);
    }

    /// <summary>The deciding skills of the wrongly answered questions: without a stated rule, and with a rule but no emphasis.</summary>
    private (List<SimulatedTaskSkill> Missing, List<SimulatedTaskSkill> Weak) Diagnose(string data)
    {
        var current = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
        var errors = SipdoPromptData.Read(data, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray);
        var found = errors.Select(e => _world.DecidingSkill(e.Question)).Distinct().ToList();
        return (found.Where(s => s.Coverage(current) == 0).ToList(), found.Where(s => s.Coverage(current) == 1).ToList());
    }

    private static (TaskExample Example, SimulatedQuestion Question) Pick(Random random, (TaskExample Example, SimulatedQuestion Question)[] items) => items[random.Next(items.Length)];
}
