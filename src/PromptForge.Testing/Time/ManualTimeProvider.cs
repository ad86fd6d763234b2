using System.Diagnostics;

namespace PromptForge.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when a test says so, so that retries, timeouts, rate-limit
/// windows and latencies of minutes run in milliseconds. Timers fire on the thread that advances the clock.
/// </summary>
/// <remarks>
/// <see cref="RunAsync"/> drives a task to completion by jumping from one pending timer to the next once
/// the code under test has stopped making progress on its own.
/// <para>
/// Obsolete: use <c>FakeTimeProvider</c> from Microsoft.Extensions.TimeProvider.Testing, whose <c>Advance</c> and
/// <c>SetUtcNow</c> fire due timers the same way. The one extra here, <see cref="RunAsync"/>, decides that the code
/// under test is idle by watching real time, which is exactly what makes a test flaky on a loaded machine; a test should
/// advance the clock at the points it knows the code is waiting. Kept (not removed) so code written against 0.1.0
/// still compiles; it will be removed in a later version.
/// </para>
/// </remarks>
[Obsolete("Use FakeTimeProvider from Microsoft.Extensions.TimeProvider.Testing and advance it where the test knows the code waits.", DiagnosticId = "PFTEST001")]
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timerChanges;

    /// <summary>Initializes a new instance of the <see cref="ManualTimeProvider"/> class.</summary>
    /// <param name="start">The initial time; <see langword="null"/> uses 2026-01-01T00:00:00Z.</param>
    public ManualTimeProvider(DateTimeOffset? start = null)
    {
        _now = start ?? new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    }

    /// <summary>Gets the number of timers waiting to fire.</summary>
    public int PendingTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count;
            }
        }
    }

    /// <inheritdoc/>
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc/>
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    /// <inheritdoc/>
    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    /// <inheritdoc/>
    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <inheritdoc/>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way, in due order.</summary>
    /// <param name="delta">How far to move the clock.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="delta"/> is negative.</exception>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_gate)
        {
            target = _now + delta;
        }

        while (TryTakeDueTimer(target) is { } due)
        {
            due.Fire();
        }

        lock (_gate)
        {
            if (_now < target)
            {
                _now = target;
            }
        }
    }

    /// <summary>Moves the clock to the earliest pending timer and fires it.</summary>
    /// <returns><see langword="true"/> when a timer fired; <see langword="false"/> when none was pending.</returns>
    public bool AdvanceToNextTimer()
    {
        DateTimeOffset? next;
        lock (_gate)
        {
            next = _timers.Count == 0 ? null : _timers.Min(t => t.DueAt);
        }

        if (next is not { } dueAt)
        {
            return false;
        }

        Advance(dueAt > GetUtcNow() ? dueAt - GetUtcNow() : TimeSpan.Zero);
        return true;
    }

    /// <summary>
    /// Runs <paramref name="task"/> to completion: whenever the code under test is idle (no timer created, changed or
    /// disposed for a few milliseconds of real time) and a timer is pending, the clock jumps to that timer.
    /// </summary>
    /// <param name="task">The task to drive.</param>
    /// <param name="realTimeout">The real time allowed; <see langword="null"/> allows 30 seconds.</param>
    /// <returns>A task that completes when <paramref name="task"/> does (and observes its result).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutException">The task did not complete within <paramref name="realTimeout"/>.</exception>
    public async Task RunAsync(Task task, TimeSpan? realTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        var allowed = realTimeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        while (!task.IsCompleted)
        {
            if (watch.Elapsed > allowed)
            {
                throw new TimeoutException("The task driven by ManualTimeProvider.RunAsync did not complete in time.");
            }

            if (await WaitForIdleAsync(task).ConfigureAwait(false))
            {
                AdvanceToNextTimer();
            }
        }

        await task.ConfigureAwait(false);
    }

    /// <summary>Runs <paramref name="task"/> to completion as <see cref="RunAsync(Task, TimeSpan?)"/> does and returns its result.</summary>
    /// <typeparam name="T">The type of the task's result.</typeparam>
    /// <param name="task">The task to drive.</param>
    /// <param name="realTimeout">The real time allowed; <see langword="null"/> allows 30 seconds.</param>
    /// <returns>The task's result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="TimeoutException">The task did not complete within <paramref name="realTimeout"/>.</exception>
    public async Task<T> RunAsync<T>(Task<T> task, TimeSpan? realTimeout = null)
    {
        await RunAsync((Task)task, realTimeout).ConfigureAwait(false);
        return await task.ConfigureAwait(false);
    }

    /// <summary>Waits until no timer changed for three consecutive short real-time pauses; returns whether a timer is pending.</summary>
    private async Task<bool> WaitForIdleAsync(Task task)
    {
        var stableRounds = 0;
        var seen = Interlocked.Read(ref _timerChanges);
        while (stableRounds < 3 && !task.IsCompleted)
        {
            await Task.Delay(2).ConfigureAwait(false);
            var now = Interlocked.Read(ref _timerChanges);
            stableRounds = now == seen ? stableRounds + 1 : 0;
            seen = now;
        }

        return !task.IsCompleted && PendingTimerCount > 0;
    }

    private ManualTimer? TryTakeDueTimer(DateTimeOffset target)
    {
        lock (_gate)
        {
            ManualTimer? earliest = null;
            foreach (var timer in _timers)
            {
                if (timer.DueAt <= target && (earliest is null || timer.DueAt < earliest.DueAt))
                {
                    earliest = timer;
                }
            }

            if (earliest is null)
            {
                return null;
            }

            if (earliest.DueAt > _now)
            {
                _now = earliest.DueAt;
            }

            // A periodic timer is rescheduled before it fires; a one-shot timer leaves the list.
            if (earliest.Period > TimeSpan.Zero)
            {
                earliest.DueAt = _now + earliest.Period;
            }
            else
            {
                _timers.Remove(earliest);
            }

            Interlocked.Increment(ref _timerChanges);
            return earliest;
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime, TimeSpan period)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            if (dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                timer.Period = period == Timeout.InfiniteTimeSpan ? TimeSpan.Zero : period;
                _timers.Add(timer);
            }

            Interlocked.Increment(ref _timerChanges);
        }
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate)
        {
            _timers.Remove(timer);
            Interlocked.Increment(ref _timerChanges);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        public DateTimeOffset DueAt { get; set; }

        public TimeSpan Period { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, Timeout.InfiniteTimeSpan);
            ArgumentOutOfRangeException.ThrowIfLessThan(period, Timeout.InfiniteTimeSpan);
            owner.Schedule(this, dueTime, period);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => owner.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
