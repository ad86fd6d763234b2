using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Options of the rate-limiting stage added by <see cref="RateLimitingChatClientBuilderExtensions.UseRateLimiting(Microsoft.Extensions.AI.ChatClientBuilder, Action{ChatRateLimitOptions})"/>.</summary>
/// <remarks>
/// Both limits are sliding windows of one minute divided into <see cref="SegmentsPerWindow"/> segments: in any
/// window made of that many consecutive segments, no more than the limit is started. Calls over the limit wait
/// in a queue (oldest first) instead of failing; the wait ends early only when the caller cancels.
/// </remarks>
public sealed class ChatRateLimitOptions
{
    /// <summary>Gets or sets the most calls started per minute.</summary>
    /// <value>The default is <see langword="null"/>: calls are not limited by count.</value>
    [Range(1, int.MaxValue)]
    public int? RequestsPerMinute { get; set; }

    /// <summary>Gets or sets the most tokens (estimated input plus requested output) started per minute.</summary>
    /// <value>The default is <see langword="null"/>: calls are not limited by tokens.</value>
    [Range(1, int.MaxValue)]
    public int? TokensPerMinute { get; set; }

    /// <summary>Gets or sets the number of segments the one-minute window is divided into; more segments release capacity more smoothly.</summary>
    /// <value>The default is 6 (capacity is released every 10 seconds).</value>
    [Range(1, 600)]
    public int SegmentsPerWindow { get; set; } = 6;

    /// <summary>Gets or sets the most calls that may wait for capacity; a call beyond it fails with a <see cref="ModelServiceException"/> (status 429).</summary>
    /// <value>The default is 100,000.</value>
    [Range(0, int.MaxValue)]
    public int QueueLimit { get; set; } = 100_000;

    /// <summary>Gets or sets the output tokens assumed for a call whose <see cref="Microsoft.Extensions.AI.ChatOptions.MaxOutputTokens"/> is not set.</summary>
    /// <value>The default is 1,024.</value>
    [Range(0, int.MaxValue)]
    public int DefaultMaxOutputTokens { get; set; } = 1024;

    /// <summary>Gets or sets the characters per token used to estimate a request's input tokens from its text when no
    /// <see cref="TokenCounter"/> is set.</summary>
    /// <value>The default is 4, a common average for English text.</value>
    [Range(0.5, 100.0)]
    public double CharactersPerToken { get; set; } = 4.0;

    /// <summary>Gets or sets the counter of a request's input tokens (given the call's <see cref="Microsoft.Extensions.AI.ChatOptions.ModelId"/>),
    /// for example one backed by the model family's tokenizer.</summary>
    /// <value>The default is <see langword="null"/>: input tokens are estimated as characters / <see cref="CharactersPerToken"/>.</value>
    public ITokenCounter? TokenCounter { get; set; }
}
