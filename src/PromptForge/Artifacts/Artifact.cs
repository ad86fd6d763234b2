using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>
/// A value published under an <see cref="ArtifactKey{T}"/>. In the run that published it, it holds the object itself and
/// a reader gets that object back; restored from a run folder it holds the saved JSON, which the reader's key turns back
/// into the typed value. A published value is treated as immutable: copy it before changing it.
/// </summary>
public sealed class Artifact
{
    private readonly object? _value;
    private readonly JsonTypeInfo? _typeInfo;
    private readonly Lock _gate = new();
    private JsonElement? _json;
    private object? _restored;
    private bool _isRestored;

    private Artifact(string name, object? value, JsonTypeInfo? typeInfo, JsonElement? json)
    {
        Name = name;
        _value = value;
        _typeInfo = typeInfo;
        _json = json;
    }

    /// <summary>Gets the name of the key the value was published under.</summary>
    public string Name { get; }

    /// <summary>Creates an artifact holding <paramref name="value"/> as is.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value.</param>
    /// <returns>The artifact.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="value"/> is <see langword="null"/>.</exception>
    public static Artifact Create<T>(ArtifactKey<T> key, T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        return new Artifact(key.Name, value, key.TypeInfo, json: null);
    }

    /// <summary>Gets the value when this artifact was published under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="key">The key.</param>
    /// <param name="value">The value: the published object itself, or the saved one restored through <paramref name="key"/>.</param>
    /// <returns><see langword="true"/> when the names match.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> is <see langword="null"/>.</exception>
    /// <exception cref="InvalidOperationException">The value published under this name is not a <typeparamref name="T"/>.</exception>
    /// <exception cref="InvalidDataException">The saved value is JSON <c>null</c>.</exception>
    public bool TryGetValue<T>(ArtifactKey<T> key, [MaybeNullWhen(false)] out T value)
    {
        ArgumentNullException.ThrowIfNull(key);
        value = default;
        if (!string.Equals(key.Name, Name, StringComparison.Ordinal))
        {
            return false;
        }

        object? held = _typeInfo is not null ? _value : Restore(key);
        if (held is T typed)
        {
            value = typed;
            return true;
        }

        throw new InvalidOperationException($"The artifact '{Name}' holds a {held?.GetType().Name ?? "null"}, not a {typeof(T).Name}: two keys share one name.");
    }

    /// <summary>Gets the value as JSON, the form saved with the run.</summary>
    /// <returns>The JSON.</returns>
    public JsonElement ToJsonElement()
    {
        lock (_gate)
        {
            // Saved once: the value is immutable once published, so its JSON is too.
            _json ??= JsonSerializer.SerializeToElement(_value, _typeInfo!);
            return _json.Value;
        }
    }

    /// <summary>Restores an artifact saved as JSON; the reader's key gives it its type.</summary>
    internal static Artifact FromJson(string name, JsonElement json) => new(name, value: null, typeInfo: null, json.Clone());

    private object? Restore<T>(ArtifactKey<T> key)
    {
        lock (_gate)
        {
            if (!_isRestored)
            {
                _restored = _json!.Value.Deserialize(key.TypeInfo)
                    ?? throw new InvalidDataException($"The saved artifact '{Name}' is null.");
                _isRestored = true;
            }

            return _restored;
        }
    }
}
