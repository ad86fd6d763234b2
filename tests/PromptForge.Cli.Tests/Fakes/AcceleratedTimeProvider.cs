namespace PromptForge.Cli.Tests.Fakes;

/// <summary>
/// A clock that runs <c>speedup</c> times faster than real time from a fixed start, timers included, so that retry
/// backoff, Retry-After waits and a circuit breaker's break (seconds of virtual time) pass in a fraction of the real
/// time while keeping their order. It keeps HTTP and the loopback server real.
/// </summary>
internal sealed class AcceleratedTimeProvider(DateTimeOffset start, double speedup) : TimeProvider
{
    private readonly long _origin = System.GetTimestamp();

    public override long TimestampFrequency => System.TimestampFrequency;

    public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks((long)(System.GetElapsedTime(_origin).Ticks * speedup));

    public override long GetTimestamp() => _origin + (long)((System.GetTimestamp() - _origin) * speedup);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, (long)(span.Ticks / speedup)));

    private sealed class ScaledTimer(ITimer inner, AcceleratedTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
