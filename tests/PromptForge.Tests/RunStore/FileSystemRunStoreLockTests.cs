using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace PromptForge.Tests.RunStore;

/// <summary>One writer per run: the lock file in the run folder, its refusal and the takeover of a stale lock.</summary>
public sealed class FileSystemRunStoreLockTests : IDisposable
{
    private const string LockFile = ".promptforge~lock";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private FileSystemRunStore CreateStore() => new(new FileSystemRunStoreOptions { RootDirectory = _temp.Path, IdSeed = 1 });

    [Fact]
    public async Task AcquireWriterLockAsync_Held_SecondWriterIsRefusedNamingTheHolder()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run", token);

        await using var first = await store.AcquireWriterLockAsync(runId, token);
        var ex = await Should.ThrowAsync<RunLockedException>(() => CreateStore().AcquireWriterLockAsync(runId, token));

        ex.Message.ShouldContain($"process {Environment.ProcessId}");
        ex.Message.ShouldContain(Environment.MachineName);
        ex.Holder.ShouldBe(first.Holder);
        File.ReadAllText(Path.Combine(_temp.Path, runId, LockFile)).ShouldContain($"\"process_id\":{Environment.ProcessId}");
    }

    [Fact]
    public async Task AcquireWriterLockAsync_Released_CanBeTakenAgain()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run", token);

        await (await store.AcquireWriterLockAsync(runId, token)).DisposeAsync();
        File.Exists(Path.Combine(_temp.Path, runId, LockFile)).ShouldBeFalse();
        await using var again = await store.AcquireWriterLockAsync(runId, token);

        again.TakenOverFrom.ShouldBeNull();
    }

    [Fact]
    public async Task AcquireWriterLockAsync_LockOfDeadProcess_IsTakenOverAndReported()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run", token);
        int deadProcessId = await DeadProcessIdAsync();
        await File.WriteAllTextAsync(
            Path.Combine(_temp.Path, runId, LockFile),
            $"{{\"process_id\":{deadProcessId},\"host\":\"{Environment.MachineName}\",\"started_at\":\"2026-01-01T00:00:00+00:00\"}}",
            token);

        await using var taken = await store.AcquireWriterLockAsync(runId, token);

        taken.TakenOverFrom.ShouldNotBeNull();
        taken.TakenOverFrom.ShouldContain($"process {deadProcessId}");
        File.ReadAllText(Path.Combine(_temp.Path, runId, LockFile)).ShouldContain($"\"process_id\":{Environment.ProcessId}");
    }

    [Fact]
    public async Task AcquireWriterLockAsync_LockOfKilledProcessNotYetReaped_IsTakenOver()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "zombie processes are read from /proc");
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run", token);
        // A killed writer whose parent has not reaped it (for example under a container's shell that never waits) stays
        // a zombie: the process id still exists, but nothing runs and it writes nothing.
        using var parent = Process.Start(new ProcessStartInfo("sh", ["-c", "sleep 0.1 & echo $!; exec sleep 30"]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        try
        {
            int zombieId = int.Parse(await parent.StandardOutput.ReadLineAsync(token) ?? "0", System.Globalization.CultureInfo.InvariantCulture);
            while (!File.ReadAllText($"/proc/{zombieId}/stat").Contains(") Z ", StringComparison.Ordinal))
            {
                await Task.Delay(20, token);
            }

            await File.WriteAllTextAsync(
                Path.Combine(_temp.Path, runId, LockFile),
                $"{{\"process_id\":{zombieId},\"host\":\"{Environment.MachineName}\",\"started_at\":\"2100-01-01T00:00:00+00:00\"}}",
                token);

            await using var taken = await store.AcquireWriterLockAsync(runId, token);

            taken.TakenOverFrom.ShouldNotBeNull().ShouldContain($"process {zombieId}");
        }
        finally
        {
            parent.Kill();
        }
    }

    [Fact]
    public async Task AcquireWriterLockAsync_LockFromAnotherHost_IsNeverTakenOver()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        string runId = await store.CreateRunAsync("run", token);
        await File.WriteAllTextAsync(
            Path.Combine(_temp.Path, runId, LockFile),
            "{\"process_id\":1,\"host\":\"elsewhere-host\",\"started_at\":\"2026-01-01T00:00:00+00:00\"}",
            token);

        var ex = await Should.ThrowAsync<RunLockedException>(() => store.AcquireWriterLockAsync(runId, token));

        ex.Message.ShouldContain("elsewhere-host");
    }

    [Fact]
    public async Task ResumeAsync_WhileAnotherWriterHoldsTheRun_IsRefusedAndChangesNothing()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        await FileSystemRunStoreResumeTests.CreateLoop(store).RunAsync("Answer with the option letter.", token);
        var before = await RunArtifacts.ReadAsync(store, "run", token);

        await using (await CreateStore().AcquireWriterLockAsync("run", token))
        {
            var ex = await Should.ThrowAsync<RunLockedException>(() => FileSystemRunStoreResumeTests.CreateLoop(store).ResumeAsync("run", token));
            ex.RunId.ShouldBe("run");
        }

        (await RunArtifacts.ReadAsync(store, "run", token)).ShouldMatch(before, "a refused writer changes nothing");
    }

    [Fact]
    public async Task ResumeAsync_StaleLockOfKilledRun_IsTakenOverAndLogged()
    {
        var token = TestContext.Current.CancellationToken;
        var store = CreateStore();
        await FileSystemRunStoreResumeTests.CreateLoop(store).RunAsync("Answer with the option letter.", token);
        int deadProcessId = await DeadProcessIdAsync();
        await File.WriteAllTextAsync(
            Path.Combine(_temp.Path, "run", LockFile),
            $"{{\"process_id\":{deadProcessId},\"host\":\"{Environment.MachineName}\",\"started_at\":\"2026-01-01T00:00:00+00:00\"}}",
            token);
        var logs = new ConcurrentQueue<string>();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(new QueueLoggerProvider(logs)));

        var resumed = await FileSystemRunStoreResumeTests.CreateLoop(store, loggerFactory: loggerFactory).ResumeAsync("run", token);

        resumed.Status.ShouldBe(RunStatus.Completed);
        logs.ShouldContain(line => line.Contains("took over the writer lock", StringComparison.Ordinal) && line.Contains($"process {deadProcessId}", StringComparison.Ordinal));
        File.Exists(Path.Combine(_temp.Path, "run", LockFile)).ShouldBeFalse("released when the run ends");
    }

    private static async Task<int> DeadProcessIdAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return process.Id;
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(lines);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue(formatter(state, exception));
        }
    }
}
