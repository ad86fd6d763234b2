using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using PromptForge.Cli.Runs;

namespace PromptForge.Cli.Export;

/// <summary>Writes a run's samples with their verdicts as JSON Lines or CSV (RFC 4180).</summary>
internal static class SampleExporter
{
    public static string ToJsonLines(IReadOnlyList<SampleSnapshot> samples)
    {
        var text = new StringBuilder();
        var options = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        foreach (SampleSnapshot sample in samples)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, options))
            {
                writer.WriteStartObject();
                writer.WriteString("id", sample.Id);
                writer.WriteNumber("iteration", sample.Iteration);
                writer.WriteString("input", sample.Input);
                if (sample.Expected is null)
                {
                    writer.WriteNull("expected");
                }
                else
                {
                    writer.WriteString("expected", sample.Expected);
                }

                writer.WriteStartObject("attributes");
                foreach ((string name, string value) in sample.Attributes)
                {
                    writer.WriteString(name, value);
                }

                writer.WriteEndObject();
                WritePassed(writer, sample);
                writer.WriteStartArray("verdicts");
                foreach (VerdictSnapshot verdict in sample.Verdicts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("critic", verdict.Critic);
                    if (verdict.Passed is { } passed)
                    {
                        writer.WriteBoolean("passed", passed);
                    }
                    else
                    {
                        writer.WriteNull("passed");
                    }

                    writer.WriteString("reason", verdict.Reason);
                    writer.WriteStartArray("failed_attributes");
                    foreach (string attribute in verdict.FailedAttributes)
                    {
                        writer.WriteStringValue(attribute);
                    }

                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            text.Append(Encoding.UTF8.GetString(buffer.ToArray())).Append('\n');
        }

        return text.ToString();
    }

    public static string ToCsv(IReadOnlyList<SampleSnapshot> samples)
    {
        string[] attributeNames = samples.SelectMany(s => s.Attributes.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var text = new StringBuilder();
        AppendRow(text, ["id", "iteration", "input", "expected", .. attributeNames.Select(a => $"attr_{a}"), "passed", "failed_critics"]);
        foreach (SampleSnapshot sample in samples)
        {
            AppendRow(text,
            [
                sample.Id,
                sample.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture),
                sample.Input,
                sample.Expected ?? string.Empty,
                .. attributeNames.Select(a => sample.Attributes.TryGetValue(a, out string? v) ? v : string.Empty),
                Passed(sample) switch { true => "true", false => "false", null => string.Empty },
                string.Join(';', sample.Verdicts.Where(v => v.Passed == false).Select(v => v.Critic)),
            ]);
        }

        return text.ToString();
    }

    /// <summary>True when every critic that judged the sample passed it; false when any failed it; null when none judged it.</summary>
    internal static bool? Passed(SampleSnapshot sample)
    {
        bool?[] judged = sample.Verdicts.Select(v => v.Passed).Where(p => p.HasValue).ToArray();
        return judged.Length == 0 ? null : judged.All(p => p == true);
    }

    private static void WritePassed(Utf8JsonWriter writer, SampleSnapshot sample)
    {
        if (Passed(sample) is { } passed)
        {
            writer.WriteBoolean("passed", passed);
        }
        else
        {
            writer.WriteNull("passed");
        }
    }

    private static void AppendRow(StringBuilder text, IEnumerable<string> fields)
    {
        text.AppendJoin(',', fields.Select(Quote)).Append("\r\n");
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
