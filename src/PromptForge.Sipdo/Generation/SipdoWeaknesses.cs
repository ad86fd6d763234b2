using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>
/// Keeps what the current prompt got wrong lately (the optimizer records it after each repair) and renders it for the
/// generator, so the next item targets that prompt's weaknesses.
/// </summary>
internal static class SipdoWeaknesses
{
    /// <summary>How many error analyses the generator sees.</summary>
    public const int MaxAnalyses = 3;

    /// <summary>How many failed items the generator sees.</summary>
    public const int MaxFailures = 5;

    private const int MaxAnswerCharacters = 400;

    /// <summary>One round's repair as the new weakness state (returned by the updater for the loop to keep): the analyses
    /// written and the items that failed before it, marking those it did not fix.</summary>
    public static Artifact Record(
        LoopState state,
        int iteration,
        IReadOnlyList<string> analyses,
        IReadOnlyList<TaskRunItem> failedBeforeRepair,
        IReadOnlyDictionary<string, GradedItem> items,
        IReadOnlySet<string> stillFailing)
    {
        // A copy: values read from state are never changed in place.
        var weaknesses = state.TryGetValue(SipdoKeys.Weaknesses, out var saved) ? saved.Copy() : new SipdoWeaknessState();
        weaknesses.Iteration = iteration;
        weaknesses.Analyses.AddRange(analyses.Where(a => !string.IsNullOrWhiteSpace(a)));
        weaknesses.Failures.AddRange(failedBeforeRepair
            .Where(f => items.ContainsKey(f.SampleId))
            .Select(f => new FailurePayload(items[f.SampleId].Input, Truncate(f.Output), items[f.SampleId].AcceptedAnswers[0], stillFailing.Contains(f.SampleId))));
        Trim(weaknesses.Analyses, MaxAnalyses);
        Trim(weaknesses.Failures, MaxFailures);
        return Artifact.Create(SipdoKeys.Weaknesses, weaknesses);
    }

    /// <summary>The generator's <c>weaknesses</c> data block: empty lists before any error was found.</summary>
    public static string Payload(LoopState state)
    {
        var weaknesses = state.TryGetValue(SipdoKeys.Weaknesses, out var saved) ? saved : null;
        var payload = new WeaknessPayload(weaknesses?.Analyses ?? [], weaknesses?.Failures ?? []);
        return JsonSerializer.Serialize(payload, SipdoJsonContext.Default.WeaknessPayload);
    }

    private static void Trim<T>(List<T> list, int keep)
    {
        if (list.Count > keep)
        {
            list.RemoveRange(0, list.Count - keep);
        }
    }

    private static string Truncate(string text) => text.Length <= MaxAnswerCharacters ? text : text[..MaxAnswerCharacters] + " [...]";
}
