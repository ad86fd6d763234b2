using System.Globalization;
using System.Text;
using System.Text.Json;
using PromptForge.Sipdo;

namespace PromptForge.Cli.Commands;

/// <summary>
/// What the end of an <c>optimize</c> run must say so that it never reports more than happened: why most levels kept no
/// item (the rejection reasons of their candidates, read from the run's <c>rejected_samples.jsonl</c>), how many held-out
/// answers could not be parsed, and that every compared prompt scored the same when they did.
/// </summary>
internal static class OptimizeEndingNotes
{
    /// <summary>
    /// A warning when more than half of the run's levels kept no item, naming how many candidates were rejected and why
    /// (for example "12/12 candidates rejected: 12 by the verifiers"); <see langword="null"/> otherwise.
    /// </summary>
    public static async Task<string?> LevelWarningAsync(RunResult run, IRunStore store, CancellationToken cancellationToken)
    {
        var levels = run.MetricHistory.Where(h => h.Level is { } step && !SipdoCurricula.IsSelection(step)).ToList();
        var empty = levels.Where(h => h.SampleCount == 0).ToList();
        if (levels.Count == 0 || empty.Count * 2 <= levels.Count)
        {
            return null;
        }

        var reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var iteration in empty)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"iter_{iteration.Iteration:000}/rejected_samples.jsonl");
            var bytes = await store.ReadFileAsync(run.RunId, path, cancellationToken).ConfigureAwait(false);
            foreach (var line in bytes is null ? [] : Encoding.UTF8.GetString(bytes).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var reason = ReasonOf(line);
                reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
            }
        }

        var candidates = reasons.Values.Sum();
        var text = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"{empty.Count}/{levels.Count} levels kept no item"));
        if (candidates > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $": {candidates}/{candidates} candidates rejected (")
                .AppendJoin(", ", reasons.OrderByDescending(r => r.Value).ThenBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Value} {r.Key}"))
                .Append(')');
        }
        else
        {
            text.Append(": the generator wrote no candidate for them");
        }

        text.Append(CultureInfo.InvariantCulture, $". The prompt was optimized on {run.Samples.Count} synthetic item(s) only.");
        return text.ToString();
    }

    /// <summary>Notes on a held-out comparison: answers that could not be parsed, and prompts that all scored the same.</summary>
    public static IReadOnlyList<string> HeldOutNotes(PromptComparison comparison)
    {
        var notes = new List<string>();
        foreach (var evaluation in comparison.Evaluations.Where(e => e.Accuracy.Total > 0 && e.Unparseable * 2 > e.Accuracy.Total))
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{evaluation.Unparseable}/{evaluation.Accuracy.Total} answers of the {evaluation.Name} prompt were unparseable: the task model did not state its answer in the task's format, so its accuracy measures the format, not the task."));
        }

        if (comparison.Evaluations.Count > 1 && comparison.Evaluations.Select(e => e.Accuracy.Successes).Distinct().Count() == 1)
        {
            var first = comparison.Evaluations[0].Accuracy;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"Every compared prompt scored the same ({first.Successes}/{first.Total}): this held-out evaluation does not tell them apart."));
        }

        return notes;
    }

    /// <summary>The unparseable count as the held-out table shows it, or empty when every answer was read.</summary>
    public static string UnparseableColumn(PromptEvaluation evaluation) =>
        evaluation.Unparseable == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $"  {evaluation.Unparseable}/{evaluation.Accuracy.Total} unparseable");

    /// <summary>The reason of a rejected sample in words, from the code its provenance note starts with.</summary>
    private static string ReasonOf(string line)
    {
        string? note = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("provenance", out var provenance) && provenance.TryGetProperty("note", out var value) && value.ValueKind == JsonValueKind.String)
            {
                note = value.GetString();
            }
        }
        catch (JsonException)
        {
            return "unreadable record";
        }

        var code = note?.Split(':', 2)[0].Trim() ?? string.Empty;
        return code switch
        {
            "verifier_disagreement" => "by the verifiers",
            "label_mismatch" => "with another label than requested",
            "unreadable_label" => "with an answer not in the task's format",
            "duplicate" or "near_duplicate" => "repeating an earlier item",
            "malformed_output" => "malformed",
            "refused" => "refused",
            _ when code.StartsWith("validator_", StringComparison.Ordinal) => "by a validator",
            "" => "for no recorded reason",
            _ => code,
        };
    }
}
