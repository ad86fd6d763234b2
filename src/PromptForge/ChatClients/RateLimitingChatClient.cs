using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>
/// Waits for permits from a request limiter and a token limiter before each call; the permits are held until the call ends
/// (which matters for concurrency limiters shared by the caller). Every loop using this client shares its limiters.
/// </summary>
internal sealed class RateLimitingChatClient : DelegatingChatClient
{
    private readonly RateLimiter? _requestLimiter;
    private readonly RateLimiter? _tokenLimiter;
    private readonly int _tokenPermitLimit;
    private readonly ChatRateLimitOptions _options;
    private readonly bool _ownsLimiters;

    /// <summary>Creates a client that owns sliding-window limiters built from <paramref name="options"/>.</summary>
    public RateLimitingChatClient(IChatClient innerClient, ChatRateLimitOptions options, TimeProvider timeProvider)
        : base(innerClient)
    {
        _options = options;
        _ownsLimiters = true;
        _requestLimiter = options.RequestsPerMinute is int requests ? CreateWindowLimiter(requests, options.QueueLimit, options, timeProvider) : null;
        if (options.TokensPerMinute is int tokens)
        {
            // The token queue counts tokens, not calls: room for QueueLimit calls of the largest size.
            _tokenLimiter = CreateWindowLimiter(tokens, (int)Math.Min(int.MaxValue, (long)options.QueueLimit * tokens), options, timeProvider);
            _tokenPermitLimit = tokens;
        }
    }

    /// <summary>Creates a client that takes one permit per call from a limiter owned (and disposed) by the caller.</summary>
    public RateLimitingChatClient(IChatClient innerClient, RateLimiter sharedLimiter)
        : base(innerClient)
    {
        _options = new ChatRateLimitOptions();
        _requestLimiter = sharedLimiter;
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        using var leases = await AcquireAsync(request, options, cancellationToken).ConfigureAwait(false);
        return await base.GetResponseAsync(request, options, cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        using var leases = await AcquireAsync(request, options, cancellationToken).ConfigureAwait(false);
        await foreach (var update in base.GetStreamingResponseAsync(request, options, cancellationToken).ConfigureAwait(false))
        {
            yield return update;
        }
    }

    /// <summary>Gets the statistics of the requests-per-minute (or shared) limiter, if any; for tests and diagnostics.</summary>
    internal RateLimiterStatistics? RequestLimiterStatistics => _requestLimiter?.GetStatistics();

    /// <summary>Gets the statistics of the tokens-per-minute limiter, if any (its queued count is in tokens); for tests and diagnostics.</summary>
    internal RateLimiterStatistics? TokenLimiterStatistics => _tokenLimiter?.GetStatistics();

    /// <summary>Estimates the tokens a call will consume: its text's tokens (by <see cref="ChatRateLimitOptions.TokenCounter"/>, else
    /// characters per token), plus the output it may produce.</summary>
    internal static int EstimateTokens(IReadOnlyList<ChatMessage> messages, ChatOptions? options, ChatRateLimitOptions limits)
    {
        ITokenCounter counter = limits.TokenCounter ?? TokenCounters.FromCharacterRatio(limits.CharactersPerToken);
        string? modelId = options?.ModelId;
        long input = counter.CountTokens(options?.Instructions, modelId);
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is TextContent text)
                {
                    input += counter.CountTokens(text.Text, modelId);
                }
            }
        }

        var output = (long)(options?.MaxOutputTokens ?? limits.DefaultMaxOutputTokens);
        return (int)Math.Min(int.MaxValue, input + output);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            if (_ownsLimiters)
            {
                _requestLimiter?.Dispose();
                _tokenLimiter?.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private static TimeProviderSlidingWindowRateLimiter CreateWindowLimiter(int permitsPerMinute, int queueLimit, ChatRateLimitOptions options, TimeProvider timeProvider) =>
        new(permitsPerMinute, TimeSpan.FromMinutes(1), options.SegmentsPerWindow, queueLimit, timeProvider);

    private static ModelServiceException Rejected(RateLimitLease lease, string limit)
    {
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        lease.Dispose();
        return new ModelServiceException(
            $"The local {limit} rate limiter rejected the call: its wait queue is full.",
            statusCode: 429,
            retryAfter: retryAfter > TimeSpan.Zero ? retryAfter : null);
    }

    private async ValueTask<Leases> AcquireAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var leases = new Leases();
        try
        {
            if (_requestLimiter is not null)
            {
                leases.Request = await _requestLimiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!leases.Request.IsAcquired)
                {
                    throw Rejected(leases.Request, "requests-per-minute");
                }
            }

            if (_tokenLimiter is not null)
            {
                // A call larger than the whole budget still runs, alone in its window, rather than waiting forever.
                var tokens = Math.Min(EstimateTokens(messages, options, _options), _tokenPermitLimit);
                leases.Tokens = await _tokenLimiter.AcquireAsync(tokens, cancellationToken).ConfigureAwait(false);
                if (!leases.Tokens.IsAcquired)
                {
                    throw Rejected(leases.Tokens, "tokens-per-minute");
                }
            }

            return leases;
        }
        catch
        {
            leases.Dispose();
            throw;
        }
    }

    private sealed class Leases : IDisposable
    {
        public RateLimitLease? Request { get; set; }

        public RateLimitLease? Tokens { get; set; }

        public void Dispose()
        {
            Request?.Dispose();
            Tokens?.Dispose();
        }
    }
}
