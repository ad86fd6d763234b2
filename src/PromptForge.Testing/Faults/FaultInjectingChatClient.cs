using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace PromptForge.Testing;

/// <summary>
/// Wraps a chat client and injects the faults real model APIs produce — throttling (429 with Retry-After), server errors,
/// timeouts, malformed, truncated and empty replies — at seeded rates, or exactly on the next calls with <see cref="FailNext(int, FaultKind)"/>.
/// It counts what it injected (<see cref="InjectedCounts"/>). Thread-safe; with one caller, the same seed gives the same faults.
/// </summary>
/// <remarks>Scripted faults (<see cref="FailNext(int, FaultKind)"/>) come first; then each call draws its fault from the rates.</remarks>
public sealed class FaultInjectingChatClient : DelegatingChatClient
{
    private readonly Lock _gate = new();
    private readonly FaultInjectionOptions _options;
    private readonly Random _random;
    private readonly TimeProvider _timeProvider;
    private readonly Queue<(FaultKind Kind, Func<Exception>? Exception)> _scripted = new();
    private readonly Dictionary<FaultKind, int> _injected = [];
    private int _callCount;

    /// <summary>Initializes a new instance of the <see cref="FaultInjectingChatClient"/> class.</summary>
    /// <param name="innerClient">The client whose calls get faults.</param>
    /// <param name="options">The fault rates; <see langword="null"/> injects nothing except scripted faults.</param>
    /// <param name="timeProvider">The clock of hanging timeouts; <see langword="null"/> uses <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="innerClient"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid (a rate outside [0, 1], or rates summing above 1); the message lists every problem.</exception>
    public FaultInjectingChatClient(IChatClient innerClient, FaultInjectionOptions? options = null, TimeProvider? timeProvider = null)
        : base(innerClient)
    {
        _options = options ?? new FaultInjectionOptions();
        Validate(_options);
        _random = new Random(_options.Seed);
        _timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the number of calls received so far.</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>Gets a snapshot of how many faults of each kind were injected.</summary>
    public IReadOnlyDictionary<FaultKind, int> InjectedCounts
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<FaultKind, int>(_injected);
            }
        }
    }

    /// <summary>Gets the total number of faults injected.</summary>
    public int TotalInjected
    {
        get
        {
            lock (_gate)
            {
                return _injected.Values.Sum();
            }
        }
    }

    /// <summary>Makes the next <paramref name="count"/> calls fail with <paramref name="kind"/>, whatever the rates say.</summary>
    /// <param name="count">The number of calls.</param>
    /// <param name="kind">The fault; not <see cref="FaultKind.Custom"/> (use the overload taking an exception factory).</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative, or <paramref name="kind"/> is <see cref="FaultKind.Custom"/> or undefined.</exception>
    public FaultInjectingChatClient FailNext(int count, FaultKind kind)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (kind == FaultKind.Custom || !Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Use FailNext(count, exceptionFactory) for a custom fault.");
        }

        return Script(count, kind, null);
    }

    /// <summary>Makes the next <paramref name="count"/> calls throw the exception made by <paramref name="exceptionFactory"/> (for example a 401).</summary>
    /// <param name="count">The number of calls.</param>
    /// <param name="exceptionFactory">Creates the exception of each call.</param>
    /// <returns>This client, for chaining.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="exceptionFactory"/> is <see langword="null"/>.</exception>
    public FaultInjectingChatClient FailNext(int count, Func<Exception> exceptionFactory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(exceptionFactory);
        return Script(count, FaultKind.Custom, exceptionFactory);
    }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (fault, exceptionFactory, cut) = NextFault();
        await ThrowIfFailureAsync(fault, exceptionFactory, cancellationToken).ConfigureAwait(false);
        var response = await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        return Corrupt(response, fault, cut);
    }

    /// <inheritdoc/>
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (fault, exceptionFactory, cut) = NextFault();
        await ThrowIfFailureAsync(fault, exceptionFactory, cancellationToken).ConfigureAwait(false);
        if (fault is null)
        {
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        // A corrupted reply is assembled first, then replayed as updates.
        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        foreach (var update in Corrupt(updates.ToChatResponse(), fault, cut).ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    /// <summary>Makes JSON invalid whatever it held: double quotes become single quotes and a dangling comma closes it.</summary>
    internal static string MakeMalformed(string text) => text.Replace('"', '\'') + ",}";

    /// <summary>Cuts <paramref name="text"/> at <paramref name="fraction"/> of its length, keeping at least one character and dropping at least one.</summary>
    internal static string Truncate(string text, double fraction) =>
        text.Length <= 1 ? string.Empty : text[..Math.Clamp((int)(text.Length * fraction), 1, text.Length - 1)];

    private static void Validate(FaultInjectionOptions options)
    {
        var results = new List<ValidationResult>();
        _ = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var problems = results.Select(r => $"{string.Join(", ", r.MemberNames)}: {r.ErrorMessage}").ToList();
        var total = options.RateLimitedRate + options.ServerErrorRate + options.TimeoutRate
            + options.MalformedJsonRate + options.TruncatedJsonRate + options.EmptyReplyRate;
        if (total > 1.0 + 1e-9)
        {
            problems.Add($"the fault rates sum to {total}, above 1.");
        }

        if (options.TimeoutDelay < TimeSpan.Zero && options.TimeoutDelay != Timeout.InfiniteTimeSpan)
        {
            problems.Add("TimeoutDelay: must be zero or more, or Timeout.InfiniteTimeSpan.");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid FaultInjectionOptions: " + string.Join(" ", problems), nameof(options));
        }
    }

    private static ChatResponse Corrupt(ChatResponse response, FaultKind? fault, double cut)
    {
        var text = fault switch
        {
            FaultKind.MalformedJson => MakeMalformed(response.Text),
            FaultKind.TruncatedJson => Truncate(response.Text, cut),
            FaultKind.EmptyReply => string.Empty,
            _ => null,
        };
        if (text is null)
        {
            return response;
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = response.ResponseId,
            ModelId = response.ModelId,
            CreatedAt = response.CreatedAt,
            FinishReason = fault == FaultKind.TruncatedJson ? ChatFinishReason.Length : response.FinishReason,
            Usage = response.Usage,
            AdditionalProperties = response.AdditionalProperties?.Clone(),
        };
    }

    private FaultInjectingChatClient Script(int count, FaultKind kind, Func<Exception>? exceptionFactory)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
            {
                _scripted.Enqueue((kind, exceptionFactory));
            }
        }

        return this;
    }

    /// <summary>Picks this call's fault (scripted first, then drawn from the rates) and counts it.</summary>
    private (FaultKind? Kind, Func<Exception>? Exception, double Cut) NextFault()
    {
        lock (_gate)
        {
            _callCount++;
            FaultKind? kind;
            Func<Exception>? exceptionFactory = null;
            if (_scripted.TryDequeue(out var scripted))
            {
                (kind, exceptionFactory) = scripted;
            }
            else
            {
                kind = Draw(_random.NextDouble());
            }

            // Always drawn, so the sequence of faults does not depend on which kinds were picked.
            var cut = 0.2 + (0.7 * _random.NextDouble());
            if (kind is { } injected)
            {
                _injected[injected] = _injected.GetValueOrDefault(injected) + 1;
            }

            return (kind, exceptionFactory, cut);
        }
    }

    private FaultKind? Draw(double roll)
    {
        (FaultKind Kind, double Rate)[] rates =
        [
            (FaultKind.RateLimited, _options.RateLimitedRate),
            (FaultKind.ServerError, _options.ServerErrorRate),
            (FaultKind.Timeout, _options.TimeoutRate),
            (FaultKind.MalformedJson, _options.MalformedJsonRate),
            (FaultKind.TruncatedJson, _options.TruncatedJsonRate),
            (FaultKind.EmptyReply, _options.EmptyReplyRate),
        ];
        var threshold = 0.0;
        foreach (var (kind, rate) in rates)
        {
            threshold += rate;
            if (roll < threshold)
            {
                return kind;
            }
        }

        return null;
    }

    private async Task ThrowIfFailureAsync(FaultKind? fault, Func<Exception>? exceptionFactory, CancellationToken cancellationToken)
    {
        switch (fault)
        {
            case FaultKind.RateLimited:
                throw new ModelServiceException("Injected fault: HTTP 429 Too Many Requests.", statusCode: 429, retryAfter: _options.RetryAfter);
            case FaultKind.ServerError:
                throw new ModelServiceException("Injected fault: HTTP 500 Internal Server Error.", statusCode: 500);
            case FaultKind.Timeout:
                if (_options.TimeoutDelay != TimeSpan.Zero)
                {
                    await Task.Delay(_options.TimeoutDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
                }

                throw new TimeoutException("Injected fault: the model service did not answer in time.");
            case FaultKind.Custom:
                throw exceptionFactory!();
        }
    }
}
