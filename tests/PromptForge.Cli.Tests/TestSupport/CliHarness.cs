using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Tests.TestSupport;

/// <summary>Runs the promptforge command tree in-process with captured output and a controlled environment.</summary>
internal sealed class CliHarness
{
    private readonly Dictionary<string, string?> _variables = new(StringComparer.Ordinal) { ["CI"] = "true" };

    public CliHarness(string workingDirectory) => WorkingDirectory = workingDirectory;

    public string WorkingDirectory { get; }

    public StringWriter Out { get; private set; } = new();

    public StringWriter Error { get; private set; } = new();

    public CliHarness WithVariable(string name, string? value)
    {
        _variables[name] = value;
        return this;
    }

    /// <summary>Gets or sets commands added to the root (test-only loop commands).</summary>
    public IReadOnlyList<Func<CliEnvironment, System.CommandLine.Command>> ExtraCommands { get; init; } = [];

    /// <summary>Gets the clock of the command; a fixed instant when <see langword="null"/>.</summary>
    public TimeProvider? TimeProvider { get; init; }

    public Task<int> RunAsync(params string[] args) => RunAsync(TestContext.Current.CancellationToken, args);

    public async Task<int> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        Out = new StringWriter();
        Error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = Out,
            Error = Error,
            GetEnvironmentVariable = name => _variables.GetValueOrDefault(name),
            WorkingDirectory = WorkingDirectory,
            IsOutputRedirected = true,
            TimeProvider = TimeProvider ?? new FixedTimeProvider(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero)),
        };
        return await CliApplication.RunAsync(args, environment, cancellationToken, ExtraCommands);
    }

    /// <summary>A fixed wall clock with the system's timers and timestamps. Kept instead of FakeTimeProvider: the CLI's
    /// run ids and timestamps must not change, while its retries, Retry-After waits and timeouts against the loopback
    /// servers must run on real timers (FakeTimeProvider's timers fire only when a test advances it, which an in-process
    /// CLI run cannot do).</summary>
    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
