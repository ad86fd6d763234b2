using System.CommandLine;
using System.Text;
using PromptForge.Cli.Export;
using PromptForge.Cli.Hosting;
using PromptForge.Cli.Runs;
using Spectre.Console;
using static PromptForge.Cli.Hosting.CommandRunner;

namespace PromptForge.Cli.Commands;

/// <summary><c>promptforge export &lt;run-dir&gt; --format jsonl|csv</c>: every sample with its verdicts.</summary>
internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var runDirectory = new Argument<string>("run-dir") { Description = "The run folder (runs/<run-id>)." };
        var format = new Option<string>("--format", "-f") { Description = "jsonl or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<string?>("--out", "-o") { Description = "The file to write (default: <run-dir>/samples.<format>); '-' writes to standard output." };
        var command = new Command("export", "Export a run's samples with their verdicts as JSON Lines or CSV.") { runDirectory, format, output };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(
            environment,
            token => ExecuteAsync(environment, result.GetRequiredValue(runDirectory), result.GetRequiredValue(format), result.GetValue(output), token),
            cancellationToken));
        return command;
    }

    public static async Task<int> ExecuteAsync(CliEnvironment environment, string runDirectory, string format, string? outputPath, CancellationToken cancellationToken)
    {
        RunLocation location = RunLocation.Open(environment.ResolvePath(runDirectory), runDirectory);
        RunSnapshot run = await RunFolderReader.ReadAsync(location, cancellationToken).ConfigureAwait(false);
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
}
