using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Reads BIG-bench <c>task.json</c> files and BIG-Bench Hard files (the latter are the same shape with string targets only).</summary>
internal static class BigBenchTaskReader
{
    public static TaskDefinition Read(string path, JsonElement root, TaskFileOptions options, bool hard)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("examples", out var examples) || examples.ValueKind != JsonValueKind.Array)
        {
            throw new TaskFileException(path, null, "expected a JSON object with an 'examples' list (BIG-bench / BIG-Bench Hard shape)");
        }

        var name = JsonRecordReader.OptionalString(root, "name") ?? Path.GetFileNameWithoutExtension(path);
        var prefix = hard ? null : JsonRecordReader.OptionalString(root, "task_prefix");
        var appendChoices = hard || !root.TryGetProperty("append_choices_to_input", out var append) || append.ValueKind != JsonValueKind.False;
        var records = new List<LoadedRecord>();
        var number = 0;
        foreach (var example in examples.EnumerateArray())
        {
            number++;
            var input = JsonRecordReader.RequiredString(path, number, example, "input");
            IReadOnlyList<string>? choices = null;
            IReadOnlyList<string>? answers = null;
            if (!hard && example.TryGetProperty("target_scores", out var scores))
            {
                (choices, var best) = ReadScores(path, number, scores);
                answers = [best];
            }

            if (example.TryGetProperty("target", out var target))
            {
                var listed = JsonRecordReader.Answers(path, number, target, "target")
                    ?? throw new TaskFileException(path, number, "field 'target' must be a string or a list of strings");
                if (hard && listed.Count != 1)
                {
                    throw new TaskFileException(path, number, "a BIG-Bench Hard 'target' must be a single string");
                }

                // target_scores decides the answer when both exist; target then lists accepted spellings.
                answers = answers is null ? listed : [answers[0], .. listed.Where(a => a != answers[0])];
            }

            if (answers is null)
            {
                throw new TaskFileException(path, number, hard ? "missing field 'target'" : "missing 'target' and 'target_scores'");
            }

            var text = InputText.Compose(prefix, input, appendChoices ? choices : null);
            records.Add(new LoadedRecord(number, JsonRecordReader.RecordId(name, number), text, answers, choices));
        }

        var description = JsonRecordReader.OptionalString(root, "description");
        return TaskAssembler.Assemble(path, options, name, description, records);
    }

    private static (IReadOnlyList<string> Choices, string Best) ReadScores(string path, int number, JsonElement scores)
    {
        if (scores.ValueKind != JsonValueKind.Object)
        {
            throw new TaskFileException(path, number, "field 'target_scores' must be an object of choice to score");
        }

        var choices = new List<string>();
        string? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var property in scores.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Number)
            {
                throw new TaskFileException(path, number, $"the score of choice '{property.Name}' must be a number");
            }

            choices.Add(property.Name);
            var score = property.Value.GetDouble();
            if (score > bestScore)
            {
                (best, bestScore) = (property.Name, score);
            }
        }

        if (best is null || bestScore <= 0)
        {
            throw new TaskFileException(path, number, "field 'target_scores' has no choice with a positive score");
        }

        return (choices, best);
    }
}
