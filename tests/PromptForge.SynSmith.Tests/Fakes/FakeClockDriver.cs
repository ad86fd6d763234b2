using Microsoft.Extensions.Time.Testing;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>
/// Runs code whose model calls wait on a <see cref="FakeTimeProvider"/>: the clock moves one latency forward only
/// when every started call is waiting on it and the code has nothing else to do, so each step releases one whole wave
/// of concurrent calls and the measured call depth does not depend on how fast this machine happens to be.
/// </summary>
internal static class FakeClockDriver
{
    /// <summary>Polls between idle checks; the state must hold still for <see cref="StablePolls"/> polls in a row.</summary>
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    // 20 polls of 10 ms: a loop thread descheduled in the middle of launching a wave (nothing queued, no call started)
    // for longer than that would be taken for idle; on the 2-core CI machine under load that is well beyond a time slice.
    private const int StablePolls = 20;

    public static async Task<T> RunAsync<T>(FakeTimeProvider clock, RoleChatClient client, TimeSpan latency, Func<Task<T>> code)
    {
        Task<T> run = Task.Run(code);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!run.IsCompleted)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the run did not finish while the fake clock was driven");
            if (await IsWaitingOnTheClockAsync(client, run))
            {
                clock.Advance(latency);
            }
        }

        return await run;
    }

    private static async Task<bool> IsWaitingOnTheClockAsync(RoleChatClient client, Task run)
    {
        int stable = 0;
        (int Started, int InFlight) seen = (client.Started, client.InFlight);
        while (stable < StablePolls && !run.IsCompleted)
        {
            await Task.Delay(Poll);
            (int, int) now = (client.Started, client.InFlight);
            stable = now == seen && ThreadPool.PendingWorkItemCount == 0 ? stable + 1 : 0;
            seen = now;
        }

        return !run.IsCompleted && seen.InFlight > 0;
    }
}
