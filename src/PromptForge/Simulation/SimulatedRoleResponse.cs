using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge;

/// <summary>The answer an <see cref="ISimulatedRoleBehavior"/> gives to one call: plain text, or a serialized reply object.</summary>
public sealed class SimulatedRoleResponse
{
    private SimulatedRoleResponse(string text) => Text = text;

    /// <summary>Gets the response text the simulated model returns.</summary>
    public string Text { get; }

    /// <summary>Creates a plain-text response.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The response.</returns>
    public static SimulatedRoleResponse FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new SimulatedRoleResponse(text);
    }

    /// <summary>Creates a JSON response by serializing a reply object with its source-generated metadata.</summary>
    /// <typeparam name="T">The reply type (the type the caller deserializes the response into).</typeparam>
    /// <param name="value">The reply.</param>
    /// <param name="typeInfo">The JSON metadata of <typeparamref name="T"/>.</param>
    /// <returns>The response.</returns>
    public static SimulatedRoleResponse FromJson<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        return new SimulatedRoleResponse(JsonSerializer.Serialize(value, typeInfo));
    }
}
