using System.ClientModel.Primitives;

namespace PromptForge.Cli.Providers;

/// <summary>
/// Adds Azure OpenAI's <c>api-version</c> query parameter to every request of the OpenAI SDK's pipeline, which then
/// speaks Azure's deployment URL form (<c>/openai/deployments/{deployment}/chat/completions?api-version=...</c>) without
/// the Azure.AI.OpenAI package (whose releases served here pin an older OpenAI SDK than ours).
/// </summary>
internal sealed class AzureOpenAIApiVersionPolicy(string apiVersion) : PipelinePolicy
{
    /// <summary>The GA data-plane version that has chat completions with JSON-schema response formats.</summary>
    public const string DefaultApiVersion = "2024-10-21";

    /// <inheritdoc />
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddApiVersion(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    /// <inheritdoc />
    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        AddApiVersion(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private void AddApiVersion(PipelineMessage message)
    {
        Uri uri = message.Request.Uri!;
        if (uri.Query.Contains("api-version=", StringComparison.Ordinal))
        {
            return;
        }

        var builder = new UriBuilder(uri);
        string parameter = "api-version=" + Uri.EscapeDataString(apiVersion);
        builder.Query = string.IsNullOrEmpty(builder.Query) ? parameter : builder.Query.TrimStart('?') + "&" + parameter;
        message.Request.Uri = builder.Uri;
    }
}
