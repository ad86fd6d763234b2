using System.Text.Json;
using System.Text.RegularExpressions;

namespace PromptForge.Sipdo;

/// <summary>Reads Logic-LM files: a JSON array of <c>{"id", "context", "question", "options", "answer"}</c> with letter answers.</summary>
internal static partial class LogicLmTaskReader
{
    public static TaskDefinition Read(string path, JsonElement root, TaskFileOptions options)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new TaskFileException(path, null, "expected a JSON array of records with context, question, options and answer (Logic-LM shape)");
        }

        var records = new List<LoadedRecord>();
        var number = 0;
        string? dataset = null;
        foreach (var item in root.EnumerateArray())
        {
            number++;
            var context = JsonRecordReader.RequiredString(path, number, item, "context");
            var question = JsonRecordReader.RequiredString(path, number, item, "question");
            var optionLines = JsonRecordReader.StringList(path, number, item, "options");
            var answer = JsonRecordReader.RequiredString(path, number, item, "answer").Trim();
            var letters = optionLines.Select(o => OptionPrefix().Match(o)).ToArray();
            if (letters.Any(m => !m.Success))
            {
                throw new TaskFileException(path, number, "every option must start with its letter, like \"A) True\"");
            }

            if (!letters.Any(m => m.Groups["l"].Value == answer))
            {
                throw new TaskFileException(path, number, $"answer \"{answer}\" is not one of the option letters");
            }

            var id = JsonRecordReader.OptionalString(item, "id") ?? JsonRecordReader.RecordId("logiclm", number);
            dataset ??= id.Contains('_', StringComparison.Ordinal) ? id[..id.IndexOf('_', StringComparison.Ordinal)] : null;
            var input = $"Context:\n{context.Trim()}\n\nQuestion: {question.Trim()}\nOptions:\n{string.Join('\n', optionLines.Select(o => o.Trim()))}";
            var choices = letters.Select(m => m.Groups["t"].Value.Trim()).ToArray();
            records.Add(new LoadedRecord(number, id, input, [answer], choices));
        }

        var name = dataset ?? Path.GetFileNameWithoutExtension(path);
        return TaskAssembler.Assemble(
            path,
            options,
            name,
            "Decide from the context whether the statement in the question is true, false or unknown, and answer with the option letter.",
            records,
            AnswerFormat.MultipleChoice);
    }

    [GeneratedRegex(@"^\s*\(?(?<l>[A-Z])\)\s*(?<t>.*)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex OptionPrefix();
}
