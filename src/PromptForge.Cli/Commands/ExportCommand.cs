using System.CommandLine;
using System.Text;
using PromptForge.Cli.Export;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge export &lt;run-dir&gt; --format jsonl|csv</c>: a SynSmith run's final dataset (verified, de-duplicated, as
/// written by synthesize) by default; every sample with its verdicts for other runs or with <c>--all</c>.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "The run folder (runs/<run-id>)." };
        var format = new Option<string>("--format", "-f") { Description = "jsonl or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<string?>("--out", "-o") { Description = "The file to write (default: <run-dir>/samples.<format>); '-' writes to standard output." };
        var all = new Option<bool>("--all") { Description = "Every sample with its verdicts, instead of a SynSmith run's final (verified, de-duplicated) dataset." };
        var command = new Command("export", "Export a SynSmith run's final dataset, or a run's samples with their verdicts, as JSON Lines or CSV.") { runDirectory, format, output, all };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment,
            token => ExecuteAsync(environment, result.GetRequiredValue(runDirectory), result.GetRequiredValue(format), result.GetValue(output), result.GetValue(all), token),
            cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliEnvironment environment, string runDirectory, string format, string? outputPath, bool all, CancellationToken cancellationToken)
    {
        RunLocation location = RunLocation.Open(environment.ResolvePath(runDirectory), runDirectory);
        RunSnapshot run = await RunFolderReader.ReadAsync(location, cancellationToken).ConfigureAwait(false);
        string dataset = Path.Combine(run.Directory, format == "csv" ? SynthesizeCommand.DatasetCsv : SynthesizeCommand.DatasetJsonl);
        if (!all && File.Exists(dataset))
        {
            return await ExportDatasetAsync(environment, run, dataset, outputPath, cancellationToken).ConfigureAwait(false);
        }

        IReadOnlyList<SampleSnapshot> samples = await RunFolderReader.ReadSamplesAsync(location, cancellationToken).ConfigureAwait(false);
        string content = format == "csv" ? SampleExporter.ToCsv(samples) : SampleExporter.ToJsonLines(samples);
        if (outputPath == "-")
        {
            await environment.Out.WriteAsync(content).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        string target = outputPath is null ? Path.Combine(run.Directory, $"samples.{format}") : environment.ResolvePath(outputPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await File.WriteAllTextAsync(target, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        environment.Console.MarkupLine($"Exported {samples.Count} samples to {Esc(target)}");
        if (run.Simulated)
        {
            environment.Console.MarkupLine("[yellow]SIMULATED run: these samples were written by the offline simulator.[/]");
        }

        return ExitCodes.Success;
    }

    private static async Task<int> ExportDatasetAsync(CliEnvironment environment, RunSnapshot run, string dataset, string? outputPath, CancellationToken cancellationToken)
    {
        string content = await File.ReadAllTextAsync(dataset, cancellationToken).ConfigureAwait(false);
        if (outputPath == "-")
        {
            await environment.Out.WriteAsync(content).ConfigureAwait(false);
            return ExitCodes.Success;
        }

        // By default the dataset is where synthesize wrote it; --out copies it.
        string target = outputPath is null ? dataset : environment.ResolvePath(outputPath);
        if (!string.Equals(Path.GetFullPath(target), Path.GetFullPath(dataset), StringComparison.Ordinal))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            await File.WriteAllTextAsync(target, content, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }

        // Counted on the JSONL file: one line per sample (CSV cells may hold line breaks).
        int rows = File.ReadLines(Path.Combine(run.Directory, SynthesizeCommand.DatasetJsonl)).Count(line => line.Length > 0);
        environment.Console.MarkupLine($"Exported the final dataset ({rows} verified, de-duplicated samples; --all for every sample) to {Esc(target)}");
        if (run.Simulated)
        {
            environment.Console.MarkupLine("[yellow]SIMULATED run: these samples were written by the offline simulator.[/]");
        }

        return ExitCodes.Success;
    }
}
