namespace PromptForge.Sipdo;

/// <summary>
/// Simulates every SIPDO role over <see cref="SipdoSimulatedWorld"/> so an offline SIPDO loop shows real dynamics:
/// items at higher levels exercise harder skills; the task model fails items whose deciding skill its prompt does not
/// state; error analysis names the missing skills; the suggestion (temperature 0.7) is sometimes too vague to help, so
/// local confirmation fails and the optimizer patches again; a long prompt's rewrite sometimes drops an old rule, which
/// global confirmation catches; the generator sometimes hallucinates a label, which the verifiers reject.
/// </summary>
/// <remarks>
/// It reads the role's data only from the <see cref="SipdoPromptData"/> blocks of the request, deserialized with
/// SIPDO's own payload types, and answers with SIPDO's own reply types; the task role reads its prompt (system message)
/// and question (user message). A request without a block the role needs fails loudly.
/// </remarks>
internal sealed class SipdoSimulatedBehavior : SipdoRoleBehavior
{
    private const double VagueSuggestionChance = 0.3;
    private const double DropOldRuleChance = 0.3;
    private const int RulesBeforeDropping = 2;
    private const double VerifierNoiseChance = 0.02;
    private const string DefaultOutputFormat = "Finish with \"The answer is: Yes\" or \"The answer is: No\".";

    protected override SimulatedRoleResponse Generate(SimulatedRoleRequest request, string data)
    {
        // An ungraded (ablation) request carries no level, an open-answer request no label.
        int? level = SipdoPromptData.TryRead(data, SipdoPromptData.Level, SipdoJsonContext.Default.Int32, out var c) ? c : null;
        int? maxLevel = SipdoPromptData.TryRead(data, SipdoPromptData.MaxLevel, SipdoJsonContext.Default.Int32, out var n) ? n : null;
        var label = SipdoPromptData.TryRead(data, SipdoPromptData.Label, SipdoJsonContext.Default.String, out var l) ? l : null;
        var yes = label is null ? Chance(request.Random, 0.5) : !label.Trim().StartsWith('n') && !label.Trim().StartsWith('N');
        var skill = SipdoSimulatedWorld.SkillForLevel(level, maxLevel, request.Random);

        // Hallucinated labels grow with difficulty: the story supports the other answer than the one stated.
        var hallucinationChance = level is { } lv && maxLevel is { } max ? 0.15 * lv / max : 0.05;
        var storyYes = Chance(request.Random, hallucinationChance) ? !yes : yes;
        var input = SipdoSimulatedWorld.WriteItem(skill, storyYes, level ?? 1, request.Random);
        return SimulatedRoleResponse.FromJson(
            new GeneratedSampleOutput { Input = input, Answer = label ?? (yes ? "Yes" : "No"), Choices = [], Rationale = $"Exercises {skill.Name}: {skill.Rule}" },
            SipdoJsonContext.Default.GeneratedSampleOutput);
    }

    protected override SimulatedRoleResponse Verify(SimulatedRoleRequest request, string data)
    {
        var item = SipdoPromptData.Read(data, SipdoPromptData.Item, SipdoJsonContext.Default.VerificationItemPayload);
        var careful = SipdoSimulatedWorld.CarefulYes(item.Input) ? "Yes" : "No";
        var consistent = string.Equals(careful, item.ProposedAnswer.Trim(), StringComparison.OrdinalIgnoreCase);

        // Independent votes at temperature above zero: a rare vote disagrees with a correct label.
        var judged = consistent && !Chance(request.Random, VerifierNoiseChance);
        return SimulatedRoleResponse.FromJson(
            new VerifierVoteOutput { Answer = careful, LabelIsCorrect = judged, Reason = judged ? "The story supports the proposed answer." : $"Reading the story carefully gives {careful}." },
            SipdoJsonContext.Default.VerifierVoteOutput);
    }

    protected override SimulatedRoleResponse Summarize(string data)
    {
        var items = SipdoPromptData.Read(data, SipdoPromptData.Items, SipdoJsonContext.Default.HistoryItemPayloadArray);
        var skills = items
            .Select(i => SipdoSimulatedWorld.DecidingSkill(i.Input)?.Name ?? "plain")
            .GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => $"{g.Key} x{g.Count()}");
        return SimulatedRoleResponse.FromJson(
            new SummaryOutput { Summary = $"{items.Length} earlier items; skills used: {string.Join(", ", skills)}. Later levels added distracting events." },
            SipdoJsonContext.Default.SummaryOutput);
    }

    protected override SimulatedRoleResponse Answer(SimulatedRoleRequest request)
    {
        // The task role is the deployed prompt (system) answering the item's input (user): no template, no blocks.
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

        return SimulatedRoleResponse.FromText($"{reasoning} The answer is {(yes ? "Yes" : "No")}.");
    }

    protected override SimulatedRoleResponse Analyze(string data)
    {
        var missing = MissingSkills(data);
        var analysis = missing.Count == 0
            ? "The prompt does not make the model state its answer clearly."
            : $"The prompt lets the model judge from the outcome alone. It gives no guidance on: {string.Join("; ", missing.Select(s => s.Name))}.";
        return SimulatedRoleResponse.FromJson(new ErrorAnalysisOutput { Analysis = analysis }, SipdoJsonContext.Default.ErrorAnalysisOutput);
    }

    protected override SimulatedRoleResponse Suggest(SimulatedRoleRequest request, string data)
    {
        // The suggestion sees the same errors and prompt as the analysis: it derives the missing skills from them,
        // not from the wording of the (simulated) analysis.
        var missing = MissingSkills(data);

        // At temperature 0.7 the reflection is sometimes too vague to fix anything.
        var vague = Chance(request.Random, VagueSuggestionChance);
        List<string> suggestions = vague || missing.Count == 0
            ? [SipdoSimulatedWorld.VagueSuggestion]
            : SipdoSimulatedWorld.Skills.Where(missing.Contains).Select(SipdoSimulatedWorld.Suggestion).ToList();
        return SimulatedRoleResponse.FromJson(new SuggestionOutput { Suggestions = suggestions }, SipdoJsonContext.Default.SuggestionOutput);
    }

    protected override SimulatedRoleResponse Rewrite(SimulatedRoleRequest request, string data)
    {
        var current = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
        var description = SipdoPromptData.TryRead(data, SipdoPromptData.TaskDescription, SipdoJsonContext.Default.String, out var d) ? d! : string.Empty;
        var outputFormat = SipdoPromptData.TryRead(data, SipdoPromptData.OutputFormat, SipdoJsonContext.Default.String, out var o) ? o! : DefaultOutputFormat;
        var suggestions = SipdoPromptData.Read(data, SipdoPromptData.Suggestions, SipdoJsonContext.Default.StringArray);

        // Keep the rules the prompt has, in order, then add the suggested ones.
        var rules = SipdoSimulatedWorld.Skills.Where(s => SipdoSimulatedWorld.PromptKnows(current, s))
            .OrderBy(s => current.IndexOf(s.Marker, StringComparison.OrdinalIgnoreCase))
            .ToList();
        foreach (var skill in SipdoSimulatedWorld.Skills.Where(s => suggestions.Contains(SipdoSimulatedWorld.Suggestion(s), StringComparer.Ordinal) && !rules.Contains(s)))
        {
            rules.Add(skill);
        }

        // Rewrites of a long prompt sometimes "simplify" an old rule away; global confirmation must catch it.
        var dropped = rules.Count > RulesBeforeDropping && Chance(request.CreateRandom("drop:" + current), DropOldRuleChance) ? rules[0] : null;
        if (dropped is not null)
        {
            rules.RemoveAt(0);
        }

        var vagueAddition = suggestions.Contains(SipdoSimulatedWorld.VagueSuggestion, StringComparer.Ordinal) ? "\nRead the whole story carefully before answering." : string.Empty;
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

        return SimulatedRoleResponse.FromJson(
            new RewriteOutput { Prompt = prompt, Motivation = dropped is null ? "Added the missing rules." : $"Added the missing rules and shortened the prompt (dropped {dropped.Name})." },
            SipdoJsonContext.Default.RewriteOutput);
    }

    /// <summary>Deciding skills of the wrongly answered questions that the current prompt does not state, in order of appearance.</summary>
    private static List<SimulatedSkill> MissingSkills(string data)
    {
        var current = SipdoPromptData.Read(data, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);
        var errors = SipdoPromptData.Read(data, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray);
        return errors
            .Select(e => SipdoSimulatedWorld.DecidingSkill(e.Question))
            .OfType<SimulatedSkill>()
            .Where(s => !SipdoSimulatedWorld.PromptKnows(current, s))
            .Distinct()
            .ToList();
    }
}
