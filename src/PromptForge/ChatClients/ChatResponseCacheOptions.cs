using System.ComponentModel.DataAnnotations;

namespace PromptForge;

/// <summary>Options of the response cache added by <see cref="ResponseCacheChatClientBuilderExtensions.UseResponseCache"/>.</summary>
public sealed class ChatResponseCacheOptions
{
    /// <summary>Gets or sets how long a cached response stays valid.</summary>
    /// <value>The default is <see langword="null"/>: entries never expire, so a re-run or a resumed run replays every completed call.</value>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan? Expiration { get; set; }

    /// <summary>Gets or sets the directory of the default <see cref="FileDistributedCache"/>, used when no cache is given.</summary>
    /// <value>The default is <c>.promptforge/cache</c> under the current directory.</value>
    [Required]
    public string CacheDirectory { get; set; } = Path.Combine(".promptforge", "cache");

    /// <summary>
    /// Gets or sets a value that separates otherwise identical requests sent to different backends
    /// (for example a deployment name that the request itself does not carry). It becomes part of every key.
    /// </summary>
    /// <value>The default is <see langword="null"/>. The inner client's provider name, endpoint and default model are always part of the key.</value>
    public string? KeyScope { get; set; }

    /// <summary>Gets or sets whether streaming calls are cached too (their updates are coalesced into one response when the stream completes).</summary>
    /// <value>The default is <see langword="true"/>. A hit is replayed as a stream of the cached response's updates.</value>
    public bool CacheStreamingResponses { get; set; } = true;
}
