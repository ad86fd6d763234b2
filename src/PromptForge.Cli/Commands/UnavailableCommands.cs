using System.CommandLine;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Commands;

/// <summary>Commands whose package is not part of this build: they parse their arguments and say so plainly (exit code 3).</summary>
internal static class UnavailableCommands
{
    public static Command Create(CliEnvironment environment, string name, string description, string package)
    {
        var arguments = new Argument<string[]>("arguments") { Arity = ArgumentArity.ZeroOrMore, Description = "The command's arguments." };
        var command = new Command(name, $"{description} (needs {package}; not available in this build)") { arguments };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((_, cancellationToken) => CommandRunner.RunAsync(
            environment,
            _ => throw new NotAvailableException($"'promptforge {name}' needs the {package} package, which is not part of this build yet."),
            cancellationToken));
        return command;
    }
}
