using System.Text.Json.Nodes;

namespace PromptForge;

/// <summary>Removes secrets from a run configuration before it is written to a run folder.</summary>
internal static class SecretRedactor
{
    public const string Redacted = "[redacted]";

    private static readonly string[] SecretNameParts =
        ["api_key", "apikey", "secret", "password", "passwd", "access_token", "bearer", "authorization", "connection_string", "credential"];

    public static JsonObject Redact(JsonObject config)
    {
        var copy = (JsonObject)config.DeepClone();
        RedactNode(copy);
        return copy;
    }

    public static bool IsSecretName(string name)
    {
        string normalized = name.Replace("-", "_", StringComparison.Ordinal).ToLowerInvariant();

        // Names such as api_key_env hold the NAME of an environment variable, not the secret itself.
        if (normalized.EndsWith("_env", StringComparison.Ordinal))
        {
            return false;
        }

        return SecretNameParts.Any(part => normalized.Contains(part, StringComparison.Ordinal)) || normalized is "key" or "token";
    }

    private static void RedactNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(kv => kv.Key).ToList())
                {
                    if (IsSecretName(name) && obj[name] is JsonValue)
                    {
                        obj[name] = Redacted;
                    }
                    else
                    {
                        RedactNode(obj[name]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RedactNode(item);
                }

                break;
        }
    }
}
