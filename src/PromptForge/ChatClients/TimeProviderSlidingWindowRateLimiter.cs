using System.Threading.RateLimiting;

namespace PromptForge;

/// <summary>
/// A sliding-window <see cref="RateLimiter"/> (permits taken in a segment come back once the window has slid past it)
/// that follows a <see cref="TimeProvider"/>, with a FIFO wait queue honoring cancellation.
/// </summary>
/// <remarks>
/// System.Threading.RateLimiting's own <see cref="System.Threading.RateLimiting.SlidingWindowRateLimiter"/> reads the
/// Stopwatch directly, even with manual replenishment, so its windows cannot follow an injected clock; this one does,
/// so rate-limit behavior is testable with a fake clock (FakeTimeProvider) and reproducible. Polly.RateLimiting is no
/// alternative: it wraps those same limiters. Tokens per minute use it too, with one permit per estimated token
/// (<see cref="RateLimitingChatClient"/>). Guarantee: within any
/// <c>segmentsPerWindow</c> consecutive segments, at most <c>permitLimit</c> permits are granted.
/// </remarks>
internal sealed class TimeProviderSlidingWindowRateLimiter : RateLimiter
{
    private static readonly RateLimitLease Granted = new Lease(isAcquired: true, retryAfter: null);

    private readonly Lock _gate = new();
    private readonly int _permitLimit;
    private readonly int _queueLimit;
    private readonly int[] _takenPerSegment;
    private readonly TimeSpan _segment;
    private readonly TimeProvider _timeProvider;
    private readonly LinkedList<Waiter> _queue = new();
    private readonly ITimer _timer;
    private int _currentSegment;
    private int _available;
    private int _queuedPermits;
    private long _successfulLeases;
    private long _failedLeases;
    private long _idleSince;
    private bool _disposed;

    public TimeProviderSlidingWindowRateLimiter(int permitLimit, TimeSpan window, int segmentsPerWindow, int queueLimit, TimeProvider timeProvider)
    {
        _permitLimit = permitLimit;
        _available = permitLimit;
        _queueLimit = queueLimit;
        _takenPerSegment = new int[segmentsPerWindow];
        _segment = window / segmentsPerWindow;
        _timeProvider = timeProvider;
        _idleSince = timeProvider.GetTimestamp();
        _timer = timeProvider.CreateTimer(static state => ((TimeProviderSlidingWindowRateLimiter)state!).Slide(), this, _segment, _segment);
    }

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                return _available == _permitLimit && _queue.Count == 0 ? _timeProvider.GetElapsedTime(_idleSince) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            return new RateLimiterStatistics
            {
                CurrentAvailablePermits = _available,
                CurrentQueuedCount = _queuedPermits,
                TotalSuccessfulLeases = _successfulLeases,
                TotalFailedLeases = _failedLeases,
            };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ThrowIfInvalid(permitCount);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return TryTake(permitCount) ? Granted : Fail();
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(permitCount);
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (TryTake(permitCount))
            {
                return ValueTask.FromResult(Granted);
            }

            if (_queuedPermits + (long)permitCount > _queueLimit)
            {
                return ValueTask.FromResult<RateLimitLease>(Fail());
            }

            waiter = new Waiter(permitCount, this);
            waiter.Node = _queue.AddLast(waiter);
            _queuedPermits += permitCount;
        }

        if (cancellationToken.CanBeCanceled)
        {
            waiter.Registration = cancellationToken.Register(static (state, token) => ((Waiter)state!).Owner.Cancel((Waiter)state!, token), waiter);
        }

        return new ValueTask<RateLimitLease>(waiter.Completion.Task);
    }

    protected override void Dispose(bool disposing)
    {
        if (!disposing)
        {
            return;
        }

        List<Waiter> abandoned;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            abandoned = [.. _queue];
            _queue.Clear();
            _queuedPermits = 0;
        }

        _timer.Dispose();
        foreach (var waiter in abandoned)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(new Lease(isAcquired: false, retryAfter: null));
        }
    }

    private void ThrowIfInvalid(int permitCount) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThan(permitCount, _permitLimit, nameof(permitCount));

    /// <summary>Takes permits when they are available and nobody queued earlier (first come, first served). Caller holds the lock.</summary>
    private bool TryTake(int permitCount)
    {
        if (_queue.Count > 0 || _available < permitCount)
        {
            return false;
        }

        _available -= permitCount;
        _takenPerSegment[_currentSegment] += permitCount;
        _successfulLeases++;
        return true;
    }

    private RateLimitLease Fail()
    {
        _failedLeases++;
        return new Lease(isAcquired: false, retryAfter: _segment);
    }

    /// <summary>Slides the window by one segment: the permits of the segment leaving the window come back, and waiters are served in order.</summary>
    private void Slide()
    {
        var granted = new List<Waiter>();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _currentSegment = (_currentSegment + 1) % _takenPerSegment.Length;
            _available += _takenPerSegment[_currentSegment];
            _takenPerSegment[_currentSegment] = 0;

            while (_queue.First is { } first && first.Value.PermitCount <= _available)
            {
                _queue.RemoveFirst();
                first.Value.Node = null;
                _queuedPermits -= first.Value.PermitCount;
                _available -= first.Value.PermitCount;
                _takenPerSegment[_currentSegment] += first.Value.PermitCount;
                _successfulLeases++;
                granted.Add(first.Value);
            }

            if (_available == _permitLimit && _queue.Count == 0)
            {
                _idleSince = _timeProvider.GetTimestamp();
            }
        }

        // Completed outside the lock: continuations may run inline.
        foreach (var waiter in granted)
        {
            waiter.Registration.Dispose();
            waiter.Completion.TrySetResult(Granted);
        }
    }

    private void Cancel(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (waiter.Node is null)
            {
                return;
            }

            _queue.Remove(waiter.Node);
            waiter.Node = null;
            _queuedPermits -= waiter.PermitCount;
        }

        waiter.Completion.TrySetCanceled(token);
    }

    private sealed class Waiter(int permitCount, TimeProviderSlidingWindowRateLimiter owner)
    {
        public TimeProviderSlidingWindowRateLimiter Owner { get; } = owner;

        public int PermitCount { get; } = permitCount;

        public TaskCompletionSource<RateLimitLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }

        public CancellationTokenRegistration Registration { get; set; }
    }

    private sealed class Lease(bool isAcquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired { get; } = isAcquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (retryAfter is { } delay && metadataName == MetadataName.RetryAfter.Name)
            {
                metadata = delay;
                return true;
            }

            metadata = null;
            return false;
        }
    }
}
