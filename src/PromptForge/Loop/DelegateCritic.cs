namespace PromptForge;

/// <summary>A critic defined by a delegate.</summary>
internal sealed class DelegateCritic(string name, Func<CritiqueContext, CancellationToken, Task<Critique>> critique) : ICritic
{
    public string Name { get; } = name;

    public Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default) =>
        critique(context, cancellationToken);
}
