using System.Text.Json;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// Puts back, on the server side of a loopback provider, the SynSmith role tag that does not travel over the wire, so a
/// simulated backend answers as that role would. OpenAI and Azure send the reply schema's name; Ollama and Anthropic
/// send only the schema, so its property names tell the role apart.
/// </summary>
internal sealed class SchemaRoleChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    /// <summary>The SynSmith reply schemas by name, as the SDKs send them.</summary>
    public static readonly IReadOnlyDictionary<string, string> RoleOfSchemaName = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["GeneratorReply"] = "synsmith.generator",
        ["VerbalizedReply"] = "synsmith.generator",
        ["AttributeVerifierReply"] = "synsmith.attribute_verifier",
        ["RealismDiscriminatorReply"] = "synsmith.realism_discriminator",
        ["DiversityAuditReply"] = "synsmith.diversity_auditor",
        ["PackDiscriminatorReply"] = "synsmith.pack_discriminator",
        ["ModeHunterReply"] = "synsmith.mode_hunter",
        ["PromptRewriteReply"] = "synsmith.updater",
    };

    // A property only that role's reply schema has (a renamed reply field shows up as a run with no samples in the tests).
    private static readonly (string Property, string Role)[] RoleOfProperty =
    [
        ("findings", "synsmith.mode_hunter"),
        ("comparisons", "synsmith.pack_discriminator"),
        ("failed_attributes", "synsmith.attribute_verifier"),
        ("prediction", "synsmith.realism_discriminator"),
        ("summary", "synsmith.diversity_auditor"),
        ("targets", "synsmith.generator"),
        ("samples", "synsmith.generator"),
        ("prompt", "synsmith.updater"),
    ];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        base.GetResponseAsync(messages, WithRole(options), cancellationToken);

    public static string? RoleOf(ChatResponseFormat? format)
    {
        if (format is not ChatResponseFormatJson json)
        {
            return null;
        }

        if (json.SchemaName is { } name && RoleOfSchemaName.TryGetValue(name, out string? named))
        {
            return named;
        }

        if (json.Schema is not { } schema)
        {
            return null;
        }

        var properties = new HashSet<string>(StringComparer.Ordinal);
        CollectProperties(schema, properties);
        return RoleOfProperty.FirstOrDefault(p => properties.Contains(p.Property)).Role;
    }

    private static ChatOptions? WithRole(ChatOptions? options)
    {
        if (options?.AdditionalProperties?.ContainsKey(PromptForgeChatOptionKeys.Role) == true || RoleOf(options?.ResponseFormat) is not { } role)
        {
            return options;
        }

        ChatOptions copy = options!.Clone();
        copy.AdditionalProperties = new AdditionalPropertiesDictionary(copy.AdditionalProperties ?? []) { [PromptForgeChatOptionKeys.Role] = role };
        return copy;
    }

    private static void CollectProperties(JsonElement schema, HashSet<string> names)
    {
        if (schema.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in schema.EnumerateArray())
            {
                CollectProperties(item, names);
            }

            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (JsonProperty property in schema.EnumerateObject())
        {
            if (property.Name == "properties" && property.Value.ValueKind == JsonValueKind.Object)
            {
                foreach (JsonProperty named in property.Value.EnumerateObject())
                {
                    names.Add(named.Name);
                }
            }

            CollectProperties(property.Value, names);
        }
    }
}
