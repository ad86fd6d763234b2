namespace PromptForge;

/// <summary>One model call as the usage ledger records it.</summary>
/// <param name="RoleTag">The role tag of the call.</param>
/// <param name="RoleKind">The role client kind.</param>
/// <param name="Iteration">The loop iteration the call belongs to (0 outside iterations).</param>
/// <param name="InputTokens">Input tokens reported by the provider (0 when unknown).</param>
/// <param name="OutputTokens">Output tokens reported by the provider (0 when unknown).</param>
/// <param name="Latency">Wall time of the call.</param>
/// <param name="FromCache">Whether the response came from the cache.</param>
/// <param name="Failed">Whether the call failed.</param>
public sealed record UsageRecord(
    string RoleTag,
    ModelRoleKind RoleKind,
    int Iteration,
    long InputTokens,
    long OutputTokens,
    TimeSpan Latency,
    bool FromCache,
    bool Failed);
