namespace PromptForge.Cli.Providers.Batch;

/// <summary>What a batch returned for one request: the HTTP status and body the real-time endpoint would have answered,
/// handed back to the OpenAI SDK as that call's response.</summary>
/// <param name="StatusCode">The status code of the request inside the batch.</param>
/// <param name="Body">The response body (a chat completion, or an error object).</param>
internal sealed record BatchLineResult(int StatusCode, byte[] Body)
{
    /// <summary>An OpenAI-style error body.</summary>
    public static BatchLineResult Error(int statusCode, string code, string message) =>
        new(statusCode, System.Text.Encoding.UTF8.GetBytes(
            new System.Text.Json.Nodes.JsonObject { ["error"] = new System.Text.Json.Nodes.JsonObject { ["message"] = message, ["type"] = code, ["code"] = code } }.ToJsonString()));
}
