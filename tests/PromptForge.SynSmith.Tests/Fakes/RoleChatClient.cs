using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using PromptForge.Testing;

namespace PromptForge.SynSmith.Tests.Fakes;

/// <summary>One recorded model call, as the SynSmith tests read it.</summary>
internal sealed record RecordedCall(string Role, string System, string User, ChatOptions? Options)
{
    public JsonNode UserJson => JsonNode.Parse(User)!;

    public static RecordedCall From(ScriptedCall call) => new(
        call.Role ?? "?",
        string.Join("\n", call.Messages.Where(m => m.Role == ChatRole.System).Select(m => m.Text)),
        call.Messages.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty,
        call.Options);
}

/// <summary>The testing kit's <see cref="ScriptedChatClient"/> answering by role tag, plus the highest number of calls seen in flight.</summary>
internal sealed class RoleChatClient : DelegatingChatClient
{
    private readonly ScriptedChatClient _scripted;
    private int _inFlight;
    private int _maxInFlight;
    private int _completedDepth;
    private int _maxDepth;
    private int _started;

    public RoleChatClient(TimeSpan latency = default, TimeProvider? timeProvider = null)
        : this(new ScriptedChatClient(timeProvider ?? TimeProvider.System) { Latency = latency })
    {
    }

    private RoleChatClient(ScriptedChatClient scripted)
        : base(scripted)
    {
        _scripted = scripted;
    }

    public IReadOnlyList<RecordedCall> Calls => _scripted.Calls.Select(RecordedCall.From).ToArray();

    public int MaxObservedConcurrency => Volatile.Read(ref _maxInFlight);

    /// <summary>
    /// Gets the longest chain of calls where each started only after the previous one finished: a call's depth is one
    /// more than the deepest call completed before it started. With a fixed latency, wall time is about this many
    /// latencies (calls made one after another give depth = number of calls).
    /// </summary>
    public int MaxCallDepth => Volatile.Read(ref _maxDepth);

    /// <summary>Gets the number of calls started and not yet finished.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Gets the number of calls started so far.</summary>
    public int Started => Volatile.Read(ref _started);

    public RoleChatClient On(string role, Func<RecordedCall, string> handler)
    {
        _scripted.RespondForRoleWith(role, call => handler(RecordedCall.From(call)));
        return this;
    }

    public IReadOnlyList<RecordedCall> CallsFor(string role) => _scripted.CallsForRole(role).Select(RecordedCall.From).ToArray();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Raise(ref _maxInFlight, Interlocked.Increment(ref _inFlight));
        Interlocked.Increment(ref _started);

        var depth = Volatile.Read(ref _completedDepth) + 1;
        Raise(ref _maxDepth, depth);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
            Raise(ref _completedDepth, depth);
        }
    }

    private static void Raise(ref int field, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref field)) && Interlocked.CompareExchange(ref field, value, seen) != seen)
        {
        }
    }
}
