namespace PromptForge.SynSmith;

/// <summary>One <c>*_llm</c> section's backend in a SynSmith config file, as the file writes it.</summary>
/// <param name="Section">The section (<c>generator_llm</c>, <c>verifier_llm</c>, ...).</param>
/// <param name="Role">The role the section configures.</param>
/// <param name="Backend">The <c>backend</c> value (the reference's are <c>openai</c>, <c>anthropic</c> and <c>echo</c>), or <see langword="null"/>.</param>
/// <param name="Model">The <c>model</c> value, or <see langword="null"/>.</param>
/// <param name="ApiKeyVariable">The <c>api_key_env</c> value: the environment variable holding the key, or <see langword="null"/>.</param>
/// <param name="BaseUrl">The <c>base_url</c> value: the service URL, or <see langword="null"/> for the backend's default.</param>
/// <param name="Line">The line of <c>backend:</c> (of the section when it has none), for error messages.</param>
public sealed record SynSmithConfigBackend(string Section, ModelRole Role, string? Backend, string? Model, string? ApiKeyVariable, string? BaseUrl, int Line);
