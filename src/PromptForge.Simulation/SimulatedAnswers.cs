using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptForge.Simulation;

/// <summary>
/// Plain-text answers to task questions, shared by the simulator's role behaviors: finds the answer options a
/// question offers (multiple-choice letters, listed options, true/false, yes/no) and picks one deterministically.
/// </summary>
internal static partial class SimulatedAnswers
{
    /// <summary>Finds the answer options a question offers, in order of appearance.</summary>
    /// <param name="question">The question text.</param>
    /// <returns>
    /// The options, in the form an answer should take: <c>(A)</c>, <c>(B)</c>... for lettered choices; the option text for
    /// <c>- item</c> lists after an <c>Options:</c> line or a JSON <c>options</c>/<c>choices</c>/<c>labels</c> array; <c>True</c>/<c>False</c>
    /// or <c>Yes</c>/<c>No</c> when the question asks for them. Empty when the question offers no options.
    /// </returns>
    public static IReadOnlyList<string> FindOptions(string question)
    {
        ArgumentNullException.ThrowIfNull(question);

        string[] lettered = [.. LetteredOptionRegex().Matches(question).Select(m => $"({m.Groups[1].Value})").Distinct(StringComparer.Ordinal)];
        if (lettered.Length >= 2)
        {
            return lettered;
        }

        Match optionsBlock = DashedOptionsRegex().Match(question);
        if (optionsBlock.Success)
        {
            return [.. optionsBlock.Groups[1].Captures.Select(c => c.Value.Trim()).Where(v => v.Length > 0)];
        }

        foreach (JsonElement payload in SimulatorJson.FindAll(question))
        {
            foreach (string name in (ReadOnlySpan<string>)["options", "choices", "labels", "allowed_labels", "classes"])
            {
                string[] values = [.. SimulatorJson.GetArray(payload, name).Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)];
                if (values.Length >= 2)
                {
                    return values;
                }
            }
        }

        Match oneOf = OneOfRegex().Match(question);
        if (oneOf.Success)
        {
            string[] values = [.. oneOf.Groups[1].Value.Split([',', '|', '/'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(v => v.Trim('"', '\'', '`', '.'))
                .Where(v => v.Length > 0)];
            if (values.Length >= 2)
            {
                return values;
            }
        }

        if (TrueFalseRegex().IsMatch(question))
        {
            return ["True", "False"];
        }

        return YesNoRegex().IsMatch(question) ? ["Yes", "No"] : [];
    }

    /// <summary>Picks an answer to the question of a request: one of its options, else a number it mentions, else a short phrase.</summary>
    /// <param name="request">The request (the last user message is the question).</param>
    /// <returns>The answer text.</returns>
    public static string PickAnswer(SimulatedRoleRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string question = request.LastUserText.Length > 0 ? request.LastUserText : request.UserText;

        IReadOnlyList<string> options = FindOptions(question);
        if (options.Count > 0)
        {
            return SimulatorText.Pick(request.Random, options);
        }

        if (HowManyRegex().IsMatch(question))
        {
            string[] numbers = [.. NumberRegex().Matches(question).Select(m => m.Value)];
            return numbers.Length > 0 ? SimulatorText.Pick(request.Random, numbers) : request.Random.Next(0, 11).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return SimulatorText.Phrase(request.Random, SimulatorText.Words(question), 2, 6);
    }

    [GeneratedRegex(@"^\s*\(([A-Z])\)\s+\S", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LetteredOptionRegex();

    [GeneratedRegex(@"Options:\s*\r?\n(?:[ \t]*-[ \t]+([^\r\n]+)\r?\n?)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DashedOptionsRegex();

    [GeneratedRegex(@"(?:one of|choose from|labels?:)\s*[:\[]?\s*([^\]\r\n]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OneOfRegex();

    [GeneratedRegex(@"\bTrue or False\b|\b(?:True|False)\b[^\r\n]*(?:\bis\s*$|\?)", RegexOptions.CultureInvariant)]
    private static partial Regex TrueFalseRegex();

    [GeneratedRegex(@"\byes or no\b|^\s*(?:is|are|does|do|did|can|could|was|were|will|should|has|have)\b[^\r\n]*\?\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex YesNoRegex();

    [GeneratedRegex(@"\bhow many\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HowManyRegex();

    [GeneratedRegex(@"-?\b\d+\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();
}
