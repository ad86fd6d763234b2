using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Hosting;

/// <summary>
/// Removes known API keys from every model reply before the loop sees it: samples, rewritten prompts, critiques and
/// everything derived from them then never hold a key, whatever the model echoes.
/// </summary>
internal sealed class SecretRedactingChatClient(IChatClient innerClient, SecretScrubber scrubber) : DelegatingChatClient(innerClient)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ChatResponse response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (ChatMessage message in response.Messages)
        {
            Scrub(message.Contents);
        }

        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // A key split across two updates is not caught here; the run store scrubs what is written as well.
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            Scrub(update.Contents);
            yield return update;
        }
    }

    private void Scrub(IList<AIContent> contents)
    {
        foreach (AIContent content in contents)
        {
            switch (content)
            {
                case TextContent { Text: { Length: > 0 } text } textContent:
                    textContent.Text = scrubber.Scrub(text);
                    break;
                case TextReasoningContent { Text: { Length: > 0 } thought } reasoning:
                    reasoning.Text = scrubber.Scrub(thought);
                    break;
            }
        }
    }
}
