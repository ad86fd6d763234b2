using System.Threading.RateLimiting;
using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class TimeProviderSlidingWindowRateLimiterTests
{
    private readonly FakeTimeProvider _clock = new();

    [Fact]
    public void AttemptAcquire_PermitsTakenInASegment_ComeBackOnlyAfterTheWindowSlidesPastIt()
    {
        using var limiter = new TimeProviderSlidingWindowRateLimiter(4, TimeSpan.FromMinutes(1), 3, 10, _clock);

        limiter.AttemptAcquire(3).IsAcquired.ShouldBeTrue();
        _clock.Advance(TimeSpan.FromSeconds(20));
        limiter.AttemptAcquire(1).IsAcquired.ShouldBeTrue();
        limiter.AttemptAcquire(1).IsAcquired.ShouldBeFalse();

        _clock.Advance(TimeSpan.FromSeconds(40));
        limiter.AttemptAcquire(3).IsAcquired.ShouldBeTrue();
        limiter.AttemptAcquire(1).IsAcquired.ShouldBeFalse();

        _clock.Advance(TimeSpan.FromSeconds(20));
        limiter.AttemptAcquire(1).IsAcquired.ShouldBeTrue();
    }

    [Fact]
    public async Task AcquireAsync_Queued_ServedInArrivalOrderWhenWindowSlides()
    {
        using var limiter = new TimeProviderSlidingWindowRateLimiter(1, TimeSpan.FromSeconds(10), 1, 10, _clock);
        using var first = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
        var order = new List<int>();

        var second = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().ContinueWith(_ => { lock (order) { order.Add(2); } }, TaskScheduler.Default);
        var third = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask().ContinueWith(_ => { lock (order) { order.Add(3); } }, TaskScheduler.Default);
        _clock.Advance(TimeSpan.FromSeconds(10));
        await second;
        third.IsCompleted.ShouldBeFalse();
        _clock.Advance(TimeSpan.FromSeconds(10));
        await third;

        order.ShouldBe([2, 3]);
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileQueued_LeavesQueueAndFreesNothing()
    {
        using var limiter = new TimeProviderSlidingWindowRateLimiter(1, TimeSpan.FromSeconds(10), 1, 10, _clock);
        using var held = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
        using var cancellation = new CancellationTokenSource();

        var queued = limiter.AcquireAsync(1, cancellation.Token).AsTask();
        limiter.GetStatistics()!.CurrentQueuedCount.ShouldBe(1);
        await cancellation.CancelAsync();

        await Should.ThrowAsync<OperationCanceledException>(queued);
        limiter.GetStatistics()!.CurrentQueuedCount.ShouldBe(0);
    }

    [Fact]
    public async Task AcquireAsync_QueueFull_ReturnsFailedLeaseWithRetryAfter()
    {
        using var limiter = new TimeProviderSlidingWindowRateLimiter(2, TimeSpan.FromSeconds(30), 3, 0, _clock);
        using var held = await limiter.AcquireAsync(2, TestContext.Current.CancellationToken);

        using var lease = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);

        lease.IsAcquired.ShouldBeFalse();
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter).ShouldBeTrue();
        retryAfter.ShouldBe(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Dispose_WithWaiters_CompletesThemUnacquiredAndStopsTheTimer()
    {
        var clock = new TimerCountingTimeProvider(_clock);
        var limiter = new TimeProviderSlidingWindowRateLimiter(1, TimeSpan.FromSeconds(10), 1, 10, clock);
        using var held = await limiter.AcquireAsync(1, TestContext.Current.CancellationToken);
        var queued = limiter.AcquireAsync(1, TestContext.Current.CancellationToken).AsTask();
        clock.LiveTimers.ShouldBe(1);

        limiter.Dispose();

        (await queued).IsAcquired.ShouldBeFalse();
        clock.LiveTimers.ShouldBe(0);
    }

    [Fact]
    public void AttemptAcquire_MorePermitsThanLimit_Throws()
    {
        using var limiter = new TimeProviderSlidingWindowRateLimiter(5, TimeSpan.FromSeconds(10), 1, 10, _clock);

        Should.Throw<ArgumentOutOfRangeException>(() => limiter.AttemptAcquire(6));
    }

    /// <summary>A <see cref="FakeTimeProvider"/> that also counts the timers created on it and not yet disposed.</summary>
    private sealed class TimerCountingTimeProvider(FakeTimeProvider inner) : TimeProvider
    {
        private int _liveTimers;

        public int LiveTimers => Volatile.Read(ref _liveTimers);

        public override TimeZoneInfo LocalTimeZone => inner.LocalTimeZone;

        public override long TimestampFrequency => inner.TimestampFrequency;

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override long GetTimestamp() => inner.GetTimestamp();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Interlocked.Increment(ref _liveTimers);
            return new CountedTimer(inner.CreateTimer(callback, state, dueTime, period), this);
        }

        private sealed class CountedTimer(ITimer timer, TimerCountingTimeProvider owner) : ITimer
        {
            private int _disposed;

            public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    Interlocked.Decrement(ref owner._liveTimers);
                }

                timer.Dispose();
            }

            public ValueTask DisposeAsync()
            {
                Dispose();
                return ValueTask.CompletedTask;
            }
        }
    }
}
