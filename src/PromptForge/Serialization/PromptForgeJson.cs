using System.Text.Json;

namespace PromptForge;

/// <summary>
/// The JSON contract of PromptForge's artifacts, in the spirit of Microsoft.Extensions.AI's
/// <c>AIJsonUtilities.DefaultOptions</c>: snake_case names, enums as strings, nulls omitted, backed by source-generated
/// metadata (no reflection).
/// </summary>
public static class PromptForgeJson
{
    /// <summary>
    /// Gets the read-only options that read and write the core's public types (<see cref="Sample"/>,
    /// <see cref="Critique"/>, <see cref="IterationRecord"/>, <see cref="PromptVersion"/>, <see cref="UsageSnapshot"/>,
    /// <see cref="LoopEvent"/>, <see cref="PromptUpdate"/> and JSON nodes) exactly as a run folder holds them.
    /// </summary>
    /// <value>
    /// A frozen instance; call <see cref="JsonSerializerOptions.GetTypeInfo(Type)"/> for a type's contract, or copy it
    /// (<c>new JsonSerializerOptions(PromptForgeJson.DefaultOptions)</c>) to change a setting.
    /// </value>
    public static JsonSerializerOptions DefaultOptions { get; } = CreateDefaultOptions();

    private static JsonSerializerOptions CreateDefaultOptions()
    {
        var options = new JsonSerializerOptions(PromptForgeJsonContext.Default.Options);
        options.MakeReadOnly();
        return options;
    }
}
