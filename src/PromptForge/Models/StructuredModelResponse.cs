namespace PromptForge;

/// <summary>The parsed result of a structured-output model call.</summary>
/// <typeparam name="T">The parsed type.</typeparam>
public sealed class ModelResponse<T>
{
    /// <summary>Initializes a new instance of the <see cref="ModelResponse{T}"/> class.</summary>
    /// <param name="value">The parsed value.</param>
    /// <param name="response">The text response that was parsed.</param>
    /// <param name="repaired">Whether a repair call was needed.</param>
    /// <exception cref="ArgumentNullException"><paramref name="response"/> is <see langword="null"/>.</exception>
    public ModelResponse(T value, ModelResponse response, bool repaired)
    {
        ArgumentNullException.ThrowIfNull(response);
        Value = value;
        Response = response;
        Repaired = repaired;
    }

    /// <summary>Gets the parsed value.</summary>
    public T Value { get; }

    /// <summary>Gets the text response that was parsed.</summary>
    public ModelResponse Response { get; }

    /// <summary>Gets the response text that was parsed.</summary>
    public string Text => Response.Text;

    /// <summary>Gets who made the call.</summary>
    public ModelRole Role => Response.Role;

    /// <summary>Gets a value indicating whether the first reply was invalid and a repair call produced this value.</summary>
    public bool Repaired { get; }
}
