using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>Reads the PromptForge role tags that the model gateway writes into <see cref="ChatOptions.AdditionalProperties"/>.</summary>
internal static class ChatCallRole
{
    public static string? GetRoleTag(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out var value) == true ? value?.ToString() : null;

    public static string? GetRoleKind(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.RoleKind, out var value) == true ? value?.ToString() : null;

    public static bool IsCacheHit(ChatResponse response) =>
        response.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.CacheHit, out var value) == true && value is true;
}
