using System.CommandLine;
using System.Globalization;

namespace PromptForge.Cli.Hosting;

/// <summary>Formatting and token helpers shared by the commands.</summary>
internal static class Display
{
    /// <summary>A count with thousands separators (invariant culture).</summary>
    public static string Count(long value) => value.ToString("#,0", CultureInfo.InvariantCulture);

    /// <summary>The raw tokens after <paramref name="commandName"/>: the command line that estimate and experiment re-dispatch.</summary>
    public static List<string> TokensAfter(ParseResult result, string commandName) =>
        result.Tokens.Select(t => t.Value).SkipWhile(t => t != commandName).Skip(1).ToList();
}
