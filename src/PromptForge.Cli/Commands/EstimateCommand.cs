using System.CommandLine;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Commands;

/// <summary>
/// <c>promptforge estimate &lt;command&gt; [arguments] [--prices file]</c>: expected calls, tokens and cost of a
/// synthesize or optimize run, from an offline dry run of the very same loop on the simulator, before anything is spent.
/// </summary>
internal static class EstimateCommand
{
    public static Command Create(CliEnvironment environment, Func<RootCommand> root)
    {
        var commandLine = new Argument<string[]>("command-line")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "The run to estimate, as you would start it, e.g. synthesize samples/customer-support/promptforge.yaml --model gpt-4o-mini --prices prices.yaml.",
        };
        var command = new Command("estimate", "Expected calls and tokens per role, and cost for a price table (--prices, per 1M tokens per model), before anything is spent.")
        {
            commandLine,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(environment, async token =>
        {
            // Everything after "estimate" is the command line of the run to estimate.
            string[] forwarded = [.. Display.TokensAfter(result, "estimate"), "--estimate"];
            return await CliApplication.InvokeAsync(root().Parse(forwarded), environment, token).ConfigureAwait(false);
        }, cancellationToken));
        return command;
    }
}
