using System.Globalization;
using System.Text;

namespace PromptForge.Sipdo;

/// <summary>Reads MMLU-style CSV: question, options A to D, answer letter; a header row is skipped when its answer column is not a letter.</summary>
internal static class MmluCsvTaskReader
{
    private const int OptionCount = 4;

    public static TaskDefinition Read(string path, string text, TaskFileOptions options)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        foreach (var suffix in new[] { "_test", "_dev", "_val", "_train" })
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal))
            {
                name = name[..^suffix.Length];
            }
        }

        var records = new List<LoadedRecord>();
        var first = true;
        foreach (var (line, fields) in CsvRows.Read(path, text))
        {
            if (fields.Count != OptionCount + 2)
            {
                throw new TaskFileException(path, line, $"expected {OptionCount + 2} columns (question, A, B, C, D, answer), found {fields.Count}");
            }

            var answer = fields[^1].Trim().Trim('(', ')').ToUpperInvariant();
            var isLetter = answer.Length == 1 && answer[0] is >= 'A' and < (char)('A' + OptionCount);
            if (first && !isLetter)
            {
                first = false;
                continue; // header row
            }

            first = false;
            if (!isLetter)
            {
                throw new TaskFileException(path, line, $"the answer column must be a letter A-D, found \"{fields[^1]}\"");
            }

            if (string.IsNullOrWhiteSpace(fields[0]))
            {
                throw new TaskFileException(path, line, "the question column is empty");
            }

            var choices = fields.Skip(1).Take(OptionCount).Select(f => f.Trim()).ToArray();
            var input = new StringBuilder(fields[0].Trim()).Append("\nOptions:");
            for (var i = 0; i < OptionCount; i++)
            {
                input.Append(CultureInfo.InvariantCulture, $"\n({(char)('A' + i)}) {choices[i]}");
            }

            records.Add(new LoadedRecord(line, JsonRecordReader.RecordId(name, line), input.ToString(), [$"({answer})"], choices));
        }

        return TaskAssembler.Assemble(path, options, name, $"Answer multiple-choice questions about {name.Replace('_', ' ')}.", records, AnswerFormat.MultipleChoice);
    }
}
