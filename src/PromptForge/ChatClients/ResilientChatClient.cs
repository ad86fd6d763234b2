using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace PromptForge;

/// <summary>
/// Retries transient failures of the inner client with a Polly pipeline: retry (outer), circuit breaker, per-attempt timeout (inner).
/// </summary>
/// <remarks>
/// Streaming calls are retried only until the first update arrives: once text has reached the caller,
/// repeating the call would repeat that text, so later failures are reported as they are.
/// </remarks>
internal sealed class ResilientChatClient : DelegatingChatClient
{
    private readonly ResiliencePipeline _pipeline;

    public ResilientChatClient(IChatClient innerClient, ChatResilienceOptions options, TimeProvider timeProvider)
        : base(innerClient)
    {
        _pipeline = BuildPipeline(options, timeProvider);
    }

    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        // Materialized once: every attempt must send the same request.
        var request = (Client: InnerClient, Messages: messages as IReadOnlyList<ChatMessage> ?? messages.ToList(), Options: options);
        return await _pipeline.ExecuteAsync(
            static async (state, attemptToken) => await state.Client.GetResponseAsync(state.Messages, state.Options, attemptToken).ConfigureAwait(false),
            request,
            cancellationToken).ConfigureAwait(false);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);

        var request = (Client: InnerClient, Messages: messages as IReadOnlyList<ChatMessage> ?? messages.ToList(), Options: options, CallerToken: cancellationToken);
        var (enumerator, hasFirst) = await _pipeline.ExecuteAsync(
            static async (state, attemptToken) =>
            {
                // The stream keeps the caller's token; the attempt token (timeout) only guards reaching the first update.
                var stream = state.Client.GetStreamingResponseAsync(state.Messages, state.Options, state.CallerToken).GetAsyncEnumerator(attemptToken);
                try
                {
                    return (stream, await stream.MoveNextAsync().ConfigureAwait(false));
                }
                catch
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                    throw;
                }
            },
            request,
            cancellationToken).ConfigureAwait(false);

        try
        {
            if (!hasFirst)
            {
                yield break;
            }

            yield return enumerator.Current;
            while (await enumerator.MoveNextAsync().ConfigureAwait(false))
            {
                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static ResiliencePipeline BuildPipeline(ChatResilienceOptions options, TimeProvider timeProvider)
    {
        var shouldRetry = options.ShouldRetry ?? TransientFaultClassifier.IsTransient;
        var builder = new ResiliencePipelineBuilder { TimeProvider = timeProvider };

        if (options.MaxRetryAttempts > 0)
        {
            var retry = new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = options.UseJitter,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(IsRetryable(args.Outcome.Exception, args.Context.CancellationToken, shouldRetry)),
                DelayGenerator = args => ValueTask.FromResult(GetServerRequestedDelay(args.Outcome.Exception, args.AttemptNumber, options)),
            };
            if (options.JitterSeed is int seed)
            {
                var random = new Random(seed);
                retry.Randomizer = () =>
                {
                    lock (random)
                    {
                        return random.NextDouble();
                    }
                };
            }

            builder.AddRetry(retry);
        }

        if (options.EnableCircuitBreaker)
        {
            builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,

                // Only faults of the service count against it; a 400 says nothing about the service's health.
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } ex and not BrokenCircuitException && IsRetryable(ex, args.Context.CancellationToken, shouldRetry)),
            });
        }

        builder.AddTimeout(options.AttemptTimeout);
        return builder.Build();
    }

    private static bool IsRetryable(Exception? exception, CancellationToken callerToken, Func<Exception, bool> shouldRetry) =>
        exception is not null
        && !callerToken.IsCancellationRequested
        && !(exception is OperationCanceledException && exception.InnerException is not TimeoutException)
        && shouldRetry(exception);

    /// <summary>
    /// Returns the delay before the next attempt when the service named one (Retry-After, or an open circuit's remaining break):
    /// the longer of that delay and the un-jittered backoff, capped by <see cref="ChatResilienceOptions.MaxDelay"/>.
    /// Returns <see langword="null"/> otherwise, so Polly's jittered exponential backoff applies.
    /// </summary>
    internal static TimeSpan? GetServerRequestedDelay(Exception? exception, int attemptNumber, ChatResilienceOptions options)
    {
        if (exception is null || TransientFaultClassifier.GetRetryAfter(exception) is not { } retryAfter)
        {
            return null;
        }

        var backoffTicks = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(attemptNumber, 30));
        var backoff = backoffTicks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)backoffTicks);
        var delay = retryAfter > backoff ? retryAfter : backoff;
        return delay > options.MaxDelay ? options.MaxDelay : delay;
    }
}
