using System.Globalization;
using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>
/// The hidden "world" behind the simulated SIPDO roles, modeled on causal-judgement questions. Each question has a
/// deciding reasoning skill (found from cue words); a task prompt that states the skill's rule makes the simulated task
/// model reason carefully about it, otherwise it falls back to a naive shortcut. Synthetic items are written so that
/// careful reasoning gives their label, and higher levels use harder skills. Real questions are judged by the same cue
/// rules, which only roughly track human labels: simulator figures are illustrations, never model quality.
/// </summary>
internal static partial class SipdoSimulatedWorld
{
    /// <summary>The skills, from most to least deciding. Level c of n uses skill index min(c, count) - 1 first.</summary>
    public static IReadOnlyList<SimulatedSkill> Skills { get; } =
    [
        new(
            "overdetermination",
            "Redundant causes: when the outcome would have happened anyway because another sufficient cause was present, a typical person does not single out the agent as the cause.",
            "redundant causes",
            OverdeterminationCue(),
            CareYes: false,
            NaiveYes: true,
            YesCues: ["alone was not enough", "only because of"],
            NoCues: ["would have happened anyway", "either one alone would have been enough"]),
        new(
            "omission",
            "Omissions: failing to do what one was supposed to do counts as a cause of the outcome.",
            "failing to do",
            OmissionCue(),
            CareYes: true,
            NaiveYes: false,
            YesCues: ["forgot to", "failed to"],
            NoCues: ["was not expected to", "had no duty to"]),
        new(
            "norm",
            "Norm violations: an agent who breaks a rule or policy is judged the cause more than one who follows it.",
            "breaks a rule",
            NormCue(),
            CareYes: true,
            NaiveYes: false,
            YesCues: ["was not allowed to", "against the rules"],
            NoCues: ["was allowed to", "followed the rules"]),
        new(
            "intent",
            "Foreseen side effects: a harmful side effect the agent knew about and accepted counts as intentional.",
            "foreseen side effect",
            IntentCue(),
            CareYes: true,
            NaiveYes: false,
            YesCues: ["knew that", "did not care that"],
            NoCues: ["had no idea that", "could not have known that"]),
    ];

    /// <summary>The suggestion a simulated reflection gives when it cannot name a missing rule; a rewrite applying it adds only a reminder.</summary>
    public const string VagueSuggestion = "Ask the model to read the story more carefully before answering.";

    /// <summary>The suggestion that adds the rule of <paramref name="skill"/> (a rewrite applying it states the rule).</summary>
    public static string Suggestion(SimulatedSkill skill) => $"Add the rule: {skill.Rule}";

    /// <summary>Picks one item (one draw from <paramref name="random"/>).</summary>
    public static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    /// <summary>The skill that decides a question: the first (hardest) whose cue appears.</summary>
    public static SimulatedSkill? DecidingSkill(string question) => Skills.FirstOrDefault(s => s.Cue.IsMatch(question));

    /// <summary>The answer careful reasoning about the deciding skill gives.</summary>
    public static bool CarefulYes(string question)
    {
        var skill = DecidingSkill(question);
        if (skill is null)
        {
            return true; // A plain "did X cause Y" with X acting: yes.
        }

        // The side-effect effect: asked whether a harm was intentional people say yes, a help no.
        var asked = AskedQuestion().Match(question) is { Success: true } a ? a.Value : question;
        if (skill.Name == "intent" && asked.Contains("intentionally", StringComparison.OrdinalIgnoreCase))
        {
            if (HarmWord().IsMatch(asked))
            {
                return true;
            }

            if (HelpWord().IsMatch(asked))
            {
                return false;
            }
        }

        // A no-cue flips the skill's careful answer; a yes-cue or the bare cue keeps it.
        var lower = question.ToLowerInvariant();
        return skill.NoCues.Any(c => lower.Contains(c, StringComparison.Ordinal)) ? !skill.CareYes : skill.CareYes;
    }

    /// <summary>Whether a task prompt states the rule of a skill (its marker phrase).</summary>
    public static bool PromptKnows(string prompt, SimulatedSkill skill) => prompt.Contains(skill.Marker, StringComparison.OrdinalIgnoreCase);

    /// <summary>The skill a synthetic item at level c of n exercises (no level: any skill).</summary>
    public static SimulatedSkill SkillForLevel(int? level, int? maxLevel, Random random)
    {
        if (level is not { } c || maxLevel is not { } n || n <= 0)
        {
            return Pick(random, Skills);
        }

        // Easy levels use the easy skills (end of the list); the hardest levels the hardest.
        var index = Skills.Count - 1 - (int)Math.Floor((c - 1) * Skills.Count / (double)n);
        return Skills[Math.Clamp(index, 0, Skills.Count - 1)];
    }

    /// <summary>Writes a causal scenario exercising <paramref name="skill"/> whose careful answer is <paramref name="yes"/>.</summary>
    public static string WriteItem(SimulatedSkill skill, bool yes, int level, Random random)
    {
        string[] agents = ["Alex", "Billy", "Suzy", "Tom", "Jane", "the CEO", "the nurse", "the pilot", "Lauren", "Janet", "the farmer", "the engineer"];
        string[] outcomes = ["the machine broke down", "the crops failed", "the plane was delayed", "the patient fell ill", "the server crashed", "the river was polluted", "the bridge collapsed", "the shop flooded"];
        var agent = Pick(random, agents);
        var other = Pick(random, agents.Where(a => a != agent).ToArray());
        var outcome = Pick(random, outcomes);
        var cue = Pick(random, skill.CareYes == yes ? skill.YesCues : skill.NoCues);
        var detail = skill.Name switch
        {
            "intent" => $"{agent} {cue} the cheaper plan would mean that {outcome}, and went ahead with it",
            "norm" => $"{agent} {cue} use the equipment that day, and {other} used it as well",
            "omission" => $"{agent} {cue} check the equipment before {other} arrived",
            _ => $"both {agent} and {other} acted at the same time; {cue}",
        };

        // Higher levels add distracting events, so items grow longer and harder.
        var distractors = string.Concat(Enumerable.Range(0, Math.Max(0, level - 1) / 2).Select(i =>
            $" Earlier, {Pick(random, agents)} had {Pick(random, ["called a meeting", "ordered supplies", "left for lunch", "filed a report", "checked the weather"])}."));
        var question = skill.Name == "intent"
            ? $"Did {agent} intentionally bring about this outcome?"
            : $"Did {agent} cause this outcome?";
        return $"In the story, {detail}.{distractors} In the end, {outcome}. {question}";
    }

    [GeneratedRegex(@"[^.?!]*\?\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex AskedQuestion();

    [GeneratedRegex(@"harm|damag|hurt|kill|pollut|destroy|injur|poison", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HarmWord();

    [GeneratedRegex(@"\bhelp|benefit|improv|\bcure", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HelpWord();

    [GeneratedRegex(@"would have happened anyway|alone would have been enough|alone was not enough|only because of|at the same time", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OverdeterminationCue();

    [GeneratedRegex(@"forgot to|failed to|did not check|was not expected to|had no duty to", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OmissionCue();

    [GeneratedRegex(@"not allowed|not supposed|against the rules|was allowed to|followed the rules|policy", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NormCue();

    [GeneratedRegex(@"intentionally|on purpose|knew|did not care|doesn't care|don't care|no idea|could not have known", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IntentCue();
}

/// <summary>One reasoning skill of the simulated world.</summary>
/// <param name="Name">The skill name.</param>
/// <param name="Rule">The rule sentence a rewrite adds to a prompt.</param>
/// <param name="Marker">The phrase of the rule the simulated task model looks for.</param>
/// <param name="Cue">Finds questions this skill decides.</param>
/// <param name="CareYes">The careful answer when a yes-cue (or no specific cue) is present.</param>
/// <param name="NaiveYes">The shortcut answer without the rule.</param>
/// <param name="YesCues">Phrases that make the careful answer <paramref name="CareYes"/>.</param>
/// <param name="NoCues">Phrases that flip the careful answer.</param>
internal sealed record SimulatedSkill(string Name, string Rule, string Marker, Regex Cue, bool CareYes, bool NaiveYes, IReadOnlyList<string> YesCues, IReadOnlyList<string> NoCues);
