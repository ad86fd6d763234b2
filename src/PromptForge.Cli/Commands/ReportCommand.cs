using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using PromptForge.Cli.Estimation;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Reporting;
using PromptForge.Cli.Runs;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary><c>promptforge report &lt;run-dir&gt;</c>: one self-contained HTML file.</summary>
internal static class ReportCommand
{
    public const string DefaultFileName = "report.html";

    public static Command Create(CliEnvironment environment)
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "The run folder (runs/<run-id>)." };
        var output = new Option<string?>("--out", "-o") { Description = $"The HTML file to write (default: <run-dir>/{DefaultFileName})." };
        var prices = new Option<string?>("--prices") { Description = "A price table (YAML/JSON, per 1M tokens per model) to show cost." };
        var command = new Command("report", "Write a run as one self-contained HTML page: metric charts, prompt diffs, samples with verdicts, usage and cost.")
        {
            runDirectory, output, prices,
        };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment,
            token => ExecuteAsync(environment, result.GetRequiredValue(runDirectory), result.GetValue(output), result.GetValue(prices), token),
            cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliEnvironment environment, string runDirectory, string? outputPath, string? pricesPath, CancellationToken cancellationToken)
    {
        // Read every input before writing anything, so bad input leaves nothing behind.
        RunLocation location = RunLocation.Open(environment.ResolvePath(runDirectory), runDirectory);
        RunSnapshot run = await RunFolderReader.ReadAsync(location, cancellationToken).ConfigureAwait(false);
        PriceTable? priceTable = pricesPath is null ? null : PriceTable.Load(environment.ResolvePath(pricesPath));
        IReadOnlyList<SampleSnapshot> samples = await RunFolderReader.ReadSamplesAsync(location, cancellationToken).ConfigureAwait(false);

        JsonObject? audit = ReadAudit(run.Directory);
        string html = HtmlReportWriter.Render(run, samples, priceTable, environment.TimeProvider.GetUtcNow(), audit);
        string target = outputPath is null ? Path.Combine(run.Directory, DefaultFileName) : environment.ResolvePath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, html, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

        environment.Console.MarkupLine($"Report written to {Esc(target)}");
        if (run.Simulated)
        {
            environment.Console.MarkupLine("[yellow]SIMULATED run: the report shows simulator output, not a language model's.[/]");
        }

        return ExitCodes.Success;
    }

    /// <summary>The run's audit.json (written by <c>promptforge audit</c>), when there is one.</summary>
    private static JsonObject? ReadAudit(string runDirectory)
    {
        string path = Path.Combine(runDirectory, AuditJson.FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path)) as JsonObject
                ?? throw new CliInputException("the audit record is not a JSON object; run promptforge audit again.", path);
        }
        catch (JsonException ex)
        {
            throw new CliInputException($"the audit record is not valid JSON: {ex.Message}", path, (int?)ex.LineNumber + 1, innerException: ex);
        }
    }
}
