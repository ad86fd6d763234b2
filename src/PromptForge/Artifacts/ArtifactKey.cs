using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>
/// A typed key for a value that loop components exchange: a critic's result (<see cref="Critique.Result"/>) or component
/// state kept in the <see cref="LoopState"/>. Whoever publishes a value and whoever reads it share the same key, so the
/// reader gets the value as <typeparamref name="T"/>, the very object published; the name and the JSON metadata are used
/// only to save the value with the run and to restore it typed on resume.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>Modeled on Polly's <c>ResiliencePropertyKey&lt;T&gt;</c>. Keep keys in static fields next to the type they carry.</remarks>
public sealed class ArtifactKey<T>
{
    /// <summary>Initializes a new instance of the <see cref="ArtifactKey{T}"/> class.</summary>
    /// <param name="name">The name the value is saved under, unique within a run (for example <c>sipdo.task_run</c>).</param>
    /// <param name="typeInfo">Source-generated JSON metadata of <typeparamref name="T"/>, used to save and restore the value.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or white space.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="typeInfo"/> is <see langword="null"/>.</exception>
    public ArtifactKey(string name, JsonTypeInfo<T> typeInfo)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(typeInfo);
        Name = name;
        TypeInfo = typeInfo;
    }

    /// <summary>Gets the name the value is saved under.</summary>
    public string Name { get; }

    /// <summary>Gets the JSON metadata used to save and restore the value.</summary>
    public JsonTypeInfo<T> TypeInfo { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
