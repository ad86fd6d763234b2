namespace PromptForge;

/// <summary>OpenTelemetry gen_ai semantic convention names used by <see cref="TelemetryChatClient"/>.</summary>
internal static class GenAiTelemetryNames
{
    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string RequestModel = "gen_ai.request.model";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestTopP = "gen_ai.request.top_p";
    public const string RequestSeed = "gen_ai.request.seed";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string TokenType = "gen_ai.token.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string ErrorType = "error.type";

    public const string OperationDurationMetric = "gen_ai.client.operation.duration";
    public const string TokenUsageMetric = "gen_ai.client.token.usage";

    public const string ChatOperation = "chat";
    public const string InputTokenType = "input";
    public const string OutputTokenType = "output";

    public const string Role = "promptforge.role";
    public const string RoleKind = "promptforge.role_kind";
    public const string CacheHit = "promptforge.cache_hit";
}
