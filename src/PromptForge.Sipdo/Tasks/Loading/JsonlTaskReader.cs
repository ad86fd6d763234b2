using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>Reads generic JSON lines with configurable input, target and choices fields.</summary>
internal static class JsonlTaskReader
{
    public static TaskDefinition Read(string path, string text, TaskFileOptions options)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var records = new List<LoadedRecord>();
        var lines = text.Split('\n');
        for (var index = 0; index < lines.Length; index++)
        {
            var lineText = lines[index].Trim();
            if (lineText.Length == 0)
            {
                continue;
            }

            var line = index + 1;
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(lineText);
            }
            catch (JsonException ex)
            {
                throw new TaskFileException(path, line, $"not valid JSON: {ex.Message}", ex);
            }

            using (document)
            {
                var item = document.RootElement;
                var input = JsonRecordReader.RequiredString(path, line, item, options.InputField);
                if (!item.TryGetProperty(options.TargetField, out var target))
                {
                    throw new TaskFileException(path, line, $"missing field '{options.TargetField}'");
                }

                var answers = JsonRecordReader.Answers(path, line, target, options.TargetField)
                    ?? throw new TaskFileException(path, line, $"field '{options.TargetField}' must be a string, a number or a list of strings");
                var choices = options.ChoicesField is { } choicesField ? JsonRecordReader.StringList(path, line, item, choicesField) : null;
                var id = JsonRecordReader.OptionalString(item, "id") ?? JsonRecordReader.RecordId(name, line);
                // The task model reads only the input: choices kept in their own field must be shown with it.
                var shown = options.AppendChoicesToInput ? InputText.Compose(null, input, choices) : input;
                records.Add(new LoadedRecord(line, id, shown, answers, choices));
            }
        }

        return TaskAssembler.Assemble(path, options, name, null, records);
    }
}
