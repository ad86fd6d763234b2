using Spectre.Console;

namespace PromptForge.Cli.Hosting;

/// <summary>Runs a command body and turns its failures into one clear message and an exit code.</summary>
internal static class CommandRunner
{
    public static async Task<int> RunAsync(CliEnvironment environment, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken).ConfigureAwait(false);
        }
        catch (CliInputException ex)
        {
            await environment.Error.WriteLineAsync($"error: {ex.ToDisplayString()}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (CliInterruptedException)
        {
            // Already reported, with the resume command.
            return ExitCodes.Interrupted;
        }
        catch (ModelServiceException ex)
        {
            await environment.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (RunLockedException ex)
        {
            // Another process writes the run: nothing was done, like any refused input.
            await environment.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InputError;
        }
        catch (PromptForgeException ex)
        {
            // Any other library failure (e.g. a model's output that could not be repaired): one line, no stack trace.
            await environment.Error.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await environment.Error.WriteLineAsync("cancelled.").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
    }

    /// <summary>Escapes text for Spectre markup.</summary>
    public static string Esc(string? text) => Markup.Escape(text ?? string.Empty);
}
