using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>One recorded model call.</summary>
internal sealed record RecordedCall(string Role, string System, string User, ChatOptions? Options)
{
    public JsonNode UserJson => JsonNode.Parse(User)!;
}

/// <summary>A chat client that answers by role tag (as the gateway writes it into the options) and records every call.</summary>
internal sealed class RoleChatClient : IChatClient
{
    private readonly ConcurrentDictionary<string, Func<RecordedCall, string>> _handlers = new(StringComparer.Ordinal);
    private int _inFlight;

    public ConcurrentQueue<RecordedCall> Calls { get; } = new();

    public TimeSpan Latency { get; init; }

    public int MaxObservedConcurrency { get; private set; }

    public RoleChatClient On(string role, Func<RecordedCall, string> handler)
    {
        _handlers[role] = handler;
        return this;
    }

    public IReadOnlyList<RecordedCall> CallsFor(string role) => Calls.Where(c => c.Role == role).ToArray();

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var role = options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out var r) == true ? r?.ToString() ?? "?" : "?";
        var system = string.Join("\n", list.Where(m => m.Role == ChatRole.System).Select(m => m.Text));
        var user = list.LastOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty;
        var call = new RecordedCall(role, system, user, options);
        Calls.Enqueue(call);
        var now = Interlocked.Increment(ref _inFlight);
        lock (Calls)
        {
            MaxObservedConcurrency = Math.Max(MaxObservedConcurrency, now);
        }

        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, cancellationToken);
            }

            var text = _handlers.TryGetValue(role, out var handler) ? handler(call) : throw new InvalidOperationException($"No handler for role '{role}'.");
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = user.Length / 4, OutputTokenCount = text.Length / 4 } };
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
