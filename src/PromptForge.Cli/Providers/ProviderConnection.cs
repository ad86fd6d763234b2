namespace PromptForge.Cli.Providers;

/// <summary>
/// One model service the CLI talks to: the provider, its endpoint, the model used when a call names none, and the key
/// read from the provider's usual environment variable. The key is never printed, logged or written (see <see cref="ToString"/>).
/// </summary>
internal sealed record ProviderConnection
{
    internal ProviderConnection(string provider, Uri? endpoint, string model, string? apiKey)
    {
        Provider = provider;
        Endpoint = endpoint;
        Model = model;
        ApiKey = apiKey;
    }

    /// <summary>Gets the provider (<see cref="ProviderNames"/>).</summary>
    public string Provider { get; }

    /// <summary>Gets the endpoint; <see langword="null"/> uses the provider's public service.</summary>
    public Uri? Endpoint { get; }

    /// <summary>Gets the model (for Azure OpenAI: the deployment name) of calls that name none.</summary>
    public string Model { get; }

    /// <summary>Gets the API key, or <see langword="null"/> for Ollama. Never printed, logged or written to a run folder.</summary>
    internal string? ApiKey { get; }

    /// <summary>Gets the endpoint as shown to users and recorded in run folders (no query string, no key).</summary>
    public string DisplayEndpoint => Endpoint?.GetLeftPart(UriPartial.Path) ?? ProviderDefaults.PublicEndpoint(Provider);

    /// <summary>Describes the connection without the key (a record's generated ToString would print it).</summary>
    public override string ToString() => $"{Provider} {DisplayEndpoint}, model {Model}";

    /// <summary>Two connections to the same service with the same key are one client: every call names its role's model, so
    /// <see cref="Model"/> (the default of calls that name none) does not make another client.</summary>
    public bool Equals(ProviderConnection? other) =>
        other is not null && Provider == other.Provider && Endpoint == other.Endpoint && ApiKey == other.ApiKey;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Provider, Endpoint);
}
