using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Providers.Juries;

/// <summary>
/// <c>--jury critic=juror,juror,...</c>: the judge jury of an LLM critic (<c>attribute_verifier</c>,
/// <c>realism_discriminator</c>, <c>pack_discriminator</c>, <c>mode_hunter</c> or <c>diversity_auditor</c>). A juror is a model on the critic's own provider (<c>gpt-4o-mini</c>) or a model on
/// another vendor (<c>anthropic:claude-3-5-haiku-latest</c>, optionally <c>@endpoint</c>; its key from the vendor's usual
/// variable). Each juror's calls carry the juror as their model id; <see cref="JurorRoutingChatClient"/> sends another
/// vendor's jurors to that vendor's client.
/// </summary>
internal static class JurySpec
{
    /// <summary>The critics that can have a jury.</summary>
    public static readonly IReadOnlyList<string> Critics = ["attribute_verifier", "realism_discriminator", "pack_discriminator", "mode_hunter", "diversity_auditor"];

    /// <summary>Parses the <c>--jury</c> values into jurors per critic and the connections of other-vendor jurors.</summary>
    /// <exception cref="CliInputException">A value is malformed, names an unknown critic or provider, or a key is missing.</exception>
    public static (IReadOnlyDictionary<string, IReadOnlyList<string>> Jurors, IReadOnlyDictionary<string, ProviderConnection> Connections) Parse(
        IEnumerable<string> values, Func<string, string?> getEnvironmentVariable)
    {
        var jurors = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var connections = new Dictionary<string, ProviderConnection>(StringComparer.Ordinal);
        foreach (string value in values)
        {
            int equals = value.IndexOf('=', StringComparison.Ordinal);
            string critic = equals > 0 ? value[..equals].Trim() : string.Empty;
            if (!Critics.Contains(critic))
            {
                throw new CliInputException($"'{value}' is not critic=juror,juror,... with critic one of {string.Join(", ", Critics)}.", field: "--jury");
            }

            var members = value[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            if (members.Length < 2 || members.Distinct(StringComparer.Ordinal).Count() != members.Length)
            {
                throw new CliInputException($"the jury of {critic} needs at least two different jurors, got '{value[(equals + 1)..]}'.", field: "--jury");
            }

            foreach (string member in members)
            {
                int colon = member.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || member[..colon] is not (ProviderNames.OpenAI or ProviderNames.Azure or ProviderNames.Ollama or ProviderNames.Anthropic))
                {
                    continue; // a model on the critic's own provider
                }

                string provider = member[..colon];
                string rest = member[(colon + 1)..];
                int at = rest.IndexOf('@', StringComparison.Ordinal);
                string model = at >= 0 ? rest[..at] : rest;
                Uri? endpoint = at >= 0 ? ProviderSettings.ParseEndpoint(rest[(at + 1)..], "--jury") : null;
                if (model.Length == 0)
                {
                    throw new CliInputException($"the juror '{member}' names no model.", field: "--jury");
                }

                connections[member] = ProviderSettings.Connect(provider, endpoint, model, "--jury", "--jury", getEnvironmentVariable);
            }

            jurors[critic] = members;
        }

        return (jurors, connections);
    }
}
