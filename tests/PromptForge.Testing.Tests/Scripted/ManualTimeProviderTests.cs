namespace PromptForge.Testing.Tests.Scripted;

// The obsolete type is still shipped, so its behavior stays tested until it is removed.
#pragma warning disable PFTEST001
public sealed class ManualTimeProviderTests
{
    [Fact]
    public void Advance_PastTimers_FiresThemInDueOrderAtTheirDueTime()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();
        var fired = new List<(string Name, TimeSpan At)>();
        using var late = clock.CreateTimer(_ => fired.Add(("late", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(5), Timeout.InfiniteTimeSpan);
        using var early = clock.CreateTimer(_ => fired.Add(("early", clock.GetUtcNow() - start)), null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);

        clock.Advance(TimeSpan.FromSeconds(10));

        fired.ShouldBe([("early", TimeSpan.FromSeconds(2)), ("late", TimeSpan.FromSeconds(5))]);
        (clock.GetUtcNow() - start).ShouldBe(TimeSpan.FromSeconds(10));
        clock.PendingTimerCount.ShouldBe(0);
    }

    [Fact]
    public void Advance_PeriodicTimer_FiresOncePerPeriod()
    {
        var clock = new ManualTimeProvider();
        var count = 0;
        using var timer = clock.CreateTimer(_ => count++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));

        clock.Advance(TimeSpan.FromSeconds(3.5));

        count.ShouldBe(3);
    }

    [Fact]
    public void Dispose_PendingTimer_NeverFires()
    {
        var clock = new ManualTimeProvider();
        var fired = false;
        var timer = clock.CreateTimer(_ => fired = true, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);

        timer.Dispose();
        clock.Advance(TimeSpan.FromMinutes(1));

        fired.ShouldBeFalse();
    }

    [Fact]
    public async Task RunAsync_TaskDelayedOnClock_CompletesAtFakeTime()
    {
        var clock = new ManualTimeProvider();
        var start = clock.GetUtcNow();

        await clock.RunAsync(Task.Delay(TimeSpan.FromHours(3), clock, TestContext.Current.CancellationToken));

        (clock.GetUtcNow() - start).ShouldBe(TimeSpan.FromHours(3));
    }

    [Fact]
    public void Advance_NegativeDelta_Throws()
    {
        Should.Throw<ArgumentOutOfRangeException>(() => new ManualTimeProvider().Advance(TimeSpan.FromSeconds(-1)));
    }
}
