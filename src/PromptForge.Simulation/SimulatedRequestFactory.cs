using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptForge.Simulation;

/// <summary>Builds the <see cref="SimulatedRoleRequest"/> of a chat call, and derives the request views the generic answers use.</summary>
internal static class SimulatedRequestFactory
{
    /// <summary>Creates the request for a chat call.</summary>
    /// <param name="messages">The messages.</param>
    /// <param name="options">The chat options, if any (never modified).</param>
    /// <param name="seed">The simulator seed.</param>
    /// <returns>The request.</returns>
    public static SimulatedRoleRequest FromChat(IEnumerable<ChatMessage> messages, ChatOptions? options, int seed)
    {
        ArgumentNullException.ThrowIfNull(messages);
        IReadOnlyList<ChatMessage> messageList = messages as IReadOnlyList<ChatMessage> ?? [.. messages];
        AdditionalPropertiesDictionary? properties = options?.AdditionalProperties;

        string roleTag = FormatValue(properties?.GetValueOrDefault(PromptForgeChatOptionKeys.Role)) ?? string.Empty;
        string? roleKind = FormatValue(properties?.GetValueOrDefault(PromptForgeChatOptionKeys.RoleKind))?.ToLowerInvariant();
        var jsonFormat = options?.ResponseFormat as ChatResponseFormatJson;
        var extra = new List<KeyValuePair<string, string>>();

        if (options?.Seed is long requestSeed)
        {
            extra.Add(new("seed", requestSeed.ToString(CultureInfo.InvariantCulture)));
        }

        if (properties is not null)
        {
            foreach (KeyValuePair<string, object?> property in properties.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (property.Key is not PromptForgeChatOptionKeys.Role and not PromptForgeChatOptionKeys.RoleKind)
                {
                    extra.Add(new(property.Key, FormatValue(property.Value) ?? "null"));
                }
            }
        }

        return new SimulatedRoleRequest(
            roleTag,
            messageList,
            jsonFormat?.Schema,
            seed,
            roleKind,
            options?.Temperature,
            options?.MaxOutputTokens,
            extra,
            jsonRequested: jsonFormat is not null,
            responseSchemaName: jsonFormat?.SchemaName);
    }

    /// <summary>Gets the content words of the user text (see <see cref="SimulatorText.Words(string)"/>), falling back to the system text.</summary>
    /// <param name="request">The request.</param>
    /// <returns>The words.</returns>
    public static IReadOnlyList<string> Words(SimulatedRoleRequest request)
    {
        IReadOnlyList<string> words = SimulatorText.Words(request.UserText);
        return words.Count > 0 ? words : SimulatorText.Words(request.SystemText);
    }

    /// <summary>
    /// Gets the ids the request mentions: string values of <c>id</c> and <c>sample_id</c> properties in the JSON payloads
    /// embedded in the user text, in order (so generated verdicts can refer to the real samples).
    /// </summary>
    /// <param name="request">The request.</param>
    /// <returns>The ids.</returns>
    public static IReadOnlyList<string> KnownIds(SimulatedRoleRequest request)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Collect(JsonElement element, int depth)
        {
            if (depth > 16)
            {
                return;
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                foreach (JsonElement item in element.EnumerateArray())
                {
                    Collect(item, depth + 1);
                }
            }
            else if (element.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String
                        && (property.NameEquals("id") || property.NameEquals("sample_id"))
                        && seen.Add(property.Value.GetString()!))
                    {
                        ids.Add(property.Value.GetString()!);
                    }
                    else
                    {
                        Collect(property.Value, depth + 1);
                    }
                }
            }
        }

        foreach (JsonElement payload in SimulatorJson.FindAll(request.UserText))
        {
            Collect(payload, 0);
        }

        return ids;
    }

    private static string? FormatValue(object? value) => value switch
    {
        null => null,
        string s => s,
        JsonElement e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
