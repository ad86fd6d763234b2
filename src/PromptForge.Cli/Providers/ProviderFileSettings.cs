using PromptForge.Cli.Hosting;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Providers;

/// <summary>A provider value read from a config file, with where it was written (for exit-2 messages).</summary>
/// <param name="Value">The value.</param>
/// <param name="File">The file as shown to the user.</param>
/// <param name="Line">The 1-based line.</param>
/// <param name="Field">The key path, e.g. <c>verifier_llm.backend</c>.</param>
internal sealed record ProviderFileValue(string Value, string File, int Line, string Field);

/// <summary>One role kind's provider choice in a config file.</summary>
/// <param name="Provider">The provider (<see cref="ProviderNames"/>).</param>
/// <param name="Endpoint">The endpoint, if the file gives one.</param>
/// <param name="Model">The model, if the file gives one.</param>
internal sealed record ProviderFileRole(ProviderFileValue Provider, ProviderFileValue? Endpoint, ProviderFileValue? Model);

/// <summary>
/// The provider choices a config file makes, in the same shape as the command line's (<c>--provider</c>, per role kind
/// <c>--&lt;role&gt;-provider/-endpoint/-model</c>). The command line wins: see <see cref="ProviderOptions.Resolve"/>.
/// </summary>
internal sealed class ProviderFileSettings
{
    /// <summary>The backend names the SynSmith reference writes for its offline stubs (echo, sim); here they mean the simulator.</summary>
    private static readonly string[] SimulatorAliases = ["echo", "sim", ProviderNames.Simulator];

    private ProviderFileSettings(ProviderFileRole? defaults, IReadOnlyDictionary<ModelRoleKind, ProviderFileRole> roles)
    {
        Defaults = defaults;
        Roles = roles;
    }

    /// <summary>Gets the choice of every role without its own, or <see langword="null"/> when the file names no provider.</summary>
    public ProviderFileRole? Defaults { get; }

    /// <summary>Gets the role kinds whose provider, endpoint or model differs from <see cref="Defaults"/>.</summary>
    public IReadOnlyDictionary<ModelRoleKind, ProviderFileRole> Roles { get; }

    /// <summary>Gets settings that choose nothing.</summary>
    public static ProviderFileSettings None { get; } = new(null, new Dictionary<ModelRoleKind, ProviderFileRole>());

    /// <summary>
    /// Reads the <c>backend</c>, <c>model</c>, <c>base_url</c> and <c>api_key_env</c> keys of a SynSmith config's
    /// <c>*_llm</c> sections as the reference writes them: <c>generator_llm</c>'s backend is every role's default, the
    /// other sections give their role kind (verifier, discriminator, auditor, pack and hunter are critics) its own.
    /// </summary>
    /// <param name="backends">The file's sections (<see cref="SynSmithConfigFile.Backends"/>).</param>
    /// <param name="displayPath">The file as shown in messages.</param>
    /// <exception cref="CliInputException">An unknown backend, a key variable other than the vendor's, or two sections of one role kind on different services.</exception>
    public static ProviderFileSettings FromSynSmith(IReadOnlyList<SynSmithConfigBackend> backends, string displayPath)
    {
        var kinds = new Dictionary<ModelRoleKind, (SynSmithConfigBackend Section, ProviderFileRole Choice)>();
        (SynSmithConfigBackend Section, ProviderFileRole Choice)? defaults = null;
        foreach (SynSmithConfigBackend section in backends.Where(b => !string.IsNullOrWhiteSpace(b.Backend)))
        {
            ProviderFileRole choice = Read(section, displayPath);
            defaults ??= (section, choice);
            if (!kinds.TryGetValue(section.Role.Kind, out var first))
            {
                kinds[section.Role.Kind] = (section, choice);
            }
            else if (first.Choice.Provider.Value != choice.Provider.Value || first.Choice.Endpoint?.Value != choice.Endpoint?.Value)
            {
                // Calls are routed to a service by role kind: two critics cannot sit on two services.
                throw new CliInputException(
                    $"{section.Section} is a {Describe(section.Role.Kind)} role like {first.Section.Section} (line {first.Section.Line}), and roles of one kind share one provider and endpoint: "
                    + $"give them the same backend and base_url (models may differ).",
                    displayPath, section.Line, section.Section + ".backend");
            }
        }

        if (defaults is not { } d)
        {
            return None;
        }

        var roles = kinds
            .Where(k => k.Value.Choice.Provider.Value != d.Choice.Provider.Value || k.Value.Choice.Endpoint?.Value != d.Choice.Endpoint?.Value || k.Value.Choice.Model?.Value != d.Choice.Model?.Value)
            .ToDictionary(k => k.Key, k => k.Value.Choice);
        if (d.Choice.Provider.Value == ProviderNames.Simulator
            && roles.FirstOrDefault(r => r.Value.Provider.Value != ProviderNames.Simulator).Value is { } mixed)
        {
            throw new CliInputException(
                $"backend {mixed.Provider.Value} cannot mix with {d.Section.Section}'s echo backend: a run is either simulated or served by models, never part of each.",
                displayPath, mixed.Provider.Line, mixed.Provider.Field);
        }

        return new ProviderFileSettings(d.Choice, roles);
    }

    private static ProviderFileRole Read(SynSmithConfigBackend section, string file)
    {
        string backend = section.Backend!.Trim().ToLowerInvariant();
        string provider = SimulatorAliases.Contains(backend) ? ProviderNames.Simulator
            : ProviderNames.All.Contains(backend) ? backend
            : throw new CliInputException(
                $"unknown backend '{section.Backend}'; use openai, azure, ollama, anthropic or echo (the offline simulator).",
                file, section.Line, section.Section + ".backend");
        if (section.ApiKeyVariable is { Length: > 0 } keyVariable && ProviderDefaults.KeyVariable(provider) is { } usual && keyVariable != usual)
        {
            // Keys come only from the variables the secret scrubber knows, so that no key can reach a run folder.
            throw new CliInputException(
                $"the {provider} key is read only from {usual}; set that variable instead of {keyVariable} (or remove api_key_env).",
                file, section.Line, section.Section + ".api_key_env");
        }

        return new ProviderFileRole(
            new ProviderFileValue(provider, file, section.Line, section.Section + ".backend"),
            section.BaseUrl is { Length: > 0 } url ? new ProviderFileValue(url, file, section.Line, section.Section + ".base_url") : null,
            section.Model is { Length: > 0 } model ? new ProviderFileValue(model, file, section.Line, section.Section + ".model") : null);
    }

    private static string Describe(ModelRoleKind kind) => kind.ToString().ToLowerInvariant();
}
