using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class LoggingChatClientTests
{
    private const string SecretQuestion = "my private medical question";
    private const string SecretAnswer = "a private diagnosis";

    [Fact]
    public async Task GetResponseAsync_TraceEnabled_LogsContentOnlyAtTrace()
    {
        var entries = await RunAsync(LogLevel.Trace);

        entries.ShouldContain(e => e.Level == LogLevel.Trace && e.Message.Contains(SecretQuestion));
        entries.ShouldContain(e => e.Level == LogLevel.Trace && e.Message.Contains(SecretAnswer));
        entries.Where(e => e.Level > LogLevel.Trace).ShouldAllBe(e => !e.Message.Contains(SecretQuestion) && !e.Message.Contains(SecretAnswer));
        entries.ShouldContain(e => e.Level == LogLevel.Debug && e.Message.Contains("role critic") && e.Message.Contains("5 input tokens"));
    }

    [Fact]
    public async Task GetResponseAsync_DebugEnabled_NeverLogsContent()
    {
        var entries = await RunAsync(LogLevel.Debug);

        entries.ShouldNotBeEmpty();
        entries.ShouldAllBe(e => e.Level >= LogLevel.Debug && !e.Message.Contains(SecretQuestion) && !e.Message.Contains(SecretAnswer));
    }

    [Fact]
    public async Task GetResponseAsync_Failure_LogsWarningWithErrorType()
    {
        var provider = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(LogLevel.Debug));
        var client = new ScriptedChatClient().Enqueue(new ModelServiceException("down", 503)).WithLogging(factory);

        await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], cancellationToken: TestContext.Current.CancellationToken));

        provider.Entries.ShouldContain(e => e.Level == LogLevel.Warning && e.Message.Contains(nameof(ModelServiceException)) && e.Category == LoggingChatClientExtensions.LoggerCategory);
    }

    private static async Task<IReadOnlyCollection<LogEntry>> RunAsync(LogLevel minimum)
    {
        var provider = new ListLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(provider).SetMinimumLevel(minimum));
        var client = new ScriptedChatClient().Enqueue(ScriptedReply.FromText(SecretAnswer).WithUsage(5, 4)).WithLogging(factory);
        var options = new ChatOptions { AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "critic" } };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, SecretQuestion)], options, TestContext.Current.CancellationToken);
        return provider.Entries;
    }

    private sealed record LogEntry(string Category, LogLevel Level, string Message);

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyCollection<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class ListLogger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception)));
        }
    }
}
