using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>Turns loaded records into a <see cref="TaskDefinition"/>: infers the answer format and excludes the rare record whose target does not fit it.</summary>
internal static partial class TaskAssembler
{
    /// <summary>The share of targets that must fit a strict format (letters, yes/no, numbers) for it to be chosen; the rest are excluded with a note.</summary>
    private const double StrictFormatShare = 0.98;

    private const int MaxCategoricalLabels = 12;

    public static TaskDefinition Assemble(string path, TaskFileOptions options, string defaultName, string? fileDescription, IReadOnlyList<LoadedRecord> records, AnswerFormat? formatHint = null)
    {
        if (records.Count == 0)
        {
            throw new TaskFileException(path, null, "the file holds no examples");
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        if (records.FirstOrDefault(r => !ids.Add(r.Id)) is { } repeated)
        {
            throw new TaskFileException(path, repeated.Number, $"the id \"{repeated.Id}\" is used by an earlier record");
        }

        var format = options.AnswerFormat ?? formatHint ?? Infer(records);
        var notes = new List<string>();
        var examples = new List<TaskExample>(records.Count);
        foreach (var record in records)
        {
            if (!Fits(format, record))
            {
                notes.Add($"{Path.GetFileName(path)}: record {record.Number} excluded: target \"{record.AcceptedAnswers[0]}\" is not a {format.Name} answer");
                continue;
            }

            examples.Add(new TaskExample(record.Id, record.Input, record.AcceptedAnswers[0])
            {
                AcceptedAnswers = record.AcceptedAnswers,
                Choices = record.Choices,
            });
        }

        if (examples.Count == 0)
        {
            throw new TaskFileException(path, records[0].Number, $"no target fits the answer format {format.Name}");
        }

        var name = options.Name ?? defaultName;
        var description = options.Description ?? fileDescription ?? $"Solve the {name.Replace('_', ' ')} task.";
        return new TaskDefinition(name, description, format, examples) { LoadNotes = notes };
    }

    /// <summary>Whether the target of a record reads back as itself in the format (what the extractor will compare against).</summary>
    private static bool Fits(AnswerFormat format, LoadedRecord record)
    {
        var target = record.AcceptedAnswers[0];
        var extraction = format.Extract(target, record.Choices);
        return extraction.IsSuccess && string.Equals(extraction.Answer, format.Normalize(target), StringComparison.Ordinal);
    }

    private static AnswerFormat Infer(IReadOnlyList<LoadedRecord> records)
    {
        var targets = records.Select(r => r.AcceptedAnswers[0].Trim()).ToArray();
        if (Share(targets, t => OptionLetter().IsMatch(t)) >= StrictFormatShare)
        {
            return AnswerFormat.MultipleChoice;
        }

        if (targets.All(t => TextNormalization.Key(t) is "yes" or "no"))
        {
            return AnswerFormat.YesNo;
        }

        if (targets.All(t => TextNormalization.Key(t) is "entailment" or "non entailment"))
        {
            return AnswerFormat.Entailment;
        }

        if (Share(records, r => r.AcceptedAnswers.Any(a => PlainNumber().IsMatch(a.Trim()))) >= StrictFormatShare)
        {
            return AnswerFormat.Number;
        }

        if (records.All(r => r.Choices is { Count: > 0 }))
        {
            var union = records.SelectMany(r => r.Choices!).DistinctBy(TextNormalization.Key).ToArray();
            return union.Length <= MaxCategoricalLabels ? AnswerFormat.Categorical(union) : AnswerFormat.Choice;
        }

        var distinct = targets.DistinctBy(TextNormalization.Key).ToArray();
        return distinct.Length is >= 2 and <= MaxCategoricalLabels && distinct.All(t => t.Split(' ').Length <= 3) && targets.Length >= 4 * distinct.Length
            ? AnswerFormat.Categorical(distinct)
            : AnswerFormat.ExactText;
    }

    private static double Share<T>(IReadOnlyCollection<T> items, Func<T, bool> predicate) =>
        items.Count == 0 ? 0 : items.Count(predicate) / (double)items.Count;

    [GeneratedRegex(@"^\(?[A-Z]\)?$", RegexOptions.CultureInvariant)]
    private static partial Regex OptionLetter();

    [GeneratedRegex(@"^-?\d+(?:\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainNumber();
}
