namespace PromptForge;

/// <summary>The content of a run's lock file: who writes the run.</summary>
internal sealed class RunLockInfo
{
    public required int ProcessId { get; init; }

    public required string Host { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public string Describe() =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"process {ProcessId} on host {Host}, started {StartedAt:yyyy-MM-dd HH:mm:ss}Z");
}
