using Microsoft.Extensions.AI;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>The batched client's pipeline, which also stops its <see cref="OpenAIBatchQueue"/> (its timer and polls) when disposed.</summary>
internal sealed class QueueOwningChatClient(IChatClient inner, OpenAIBatchQueue queue) : DelegatingChatClient(inner)
{
    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            queue.Dispose();
        }

        base.Dispose(disposing);
    }
}
