using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace PromptForge.Sipdo.Tests.Fakes;

/// <summary>One call the fake model received.</summary>
internal sealed record FakeCall(string Role, string? System, string User, float? Temperature, string? Discriminator);

/// <summary>
/// A scripted "world" for SIPDO tests, routed by role tag. Items carry their skill and truth in the input
/// (<c>[skill:s2] [truth:Yes]</c>); the task model answers the truth only when the system prompt holds <c>RULE:s2</c>,
/// else the opposite. Every behaviour can be replaced per test. Like the simulated roles, the fake reads a role's data
/// only from the request's <see cref="SipdoPromptData"/> blocks, with SIPDO's own payload types.
/// </summary>
internal sealed partial class FakeSipdoModel : IChatClient
{
    public ConcurrentQueue<FakeCall> Calls { get; } = new();

    /// <summary>Writes an item: (level, attempt, requested label) -> (input, answer).</summary>
    public Func<int, int, string, (string Input, string Answer)> Generate { get; set; } =
        (level, attempt, label) => ($"[skill:s{level}] [truth:{label}] Level {level} item, attempt {attempt}: did the agent cause the outcome?", label);

    /// <summary>One verifier vote: (call, vote number) -> (label is correct, own answer).</summary>
    public Func<FakeCall, int, (bool Correct, string? Answer)> Vote { get; set; } = (_, _) => (true, null);

    /// <summary>The targeted rewrite: (baseline prompt, skills named in the errors, attempt) -> the new prompt.</summary>
    public Func<string, IReadOnlyList<string>, int, string> Rewrite { get; set; } = DefaultRewrite;

    /// <summary>The task model's output: (system prompt, input) -> output.</summary>
    public Func<string, string, string> Answer { get; set; } = DefaultAnswer;

    public int CountCalls(string role) => Calls.Count(c => c.Role == role);

    public static string DefaultRewrite(string baseline, IReadOnlyList<string> skills, int attempt) =>
        baseline + string.Concat(skills.Where(s => !baseline.Contains("RULE:" + s, StringComparison.Ordinal)).Select(s => $"\nRULE:{s}"));

    public static string DefaultAnswer(string prompt, string input)
    {
        var skill = Skill().Match(input).Groups[1].Value;
        var truth = Truth().Match(input).Groups[1].Value;
        var knows = prompt.Contains("RULE:" + skill, StringComparison.Ordinal) && !prompt.Contains("BREAK:" + skill, StringComparison.Ordinal);
        var answer = knows ? truth : truth == "Yes" ? "No" : "Yes";
        return $"Thinking about it... The answer is {answer}.";
    }

    public static IReadOnlyList<string> SkillsIn(string text) =>
        Skill().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>The current task prompt an updater request carries (its <c>prompt</c> block).</summary>
    public static string PromptIn(FakeCall call) =>
        SipdoPromptData.Read(call.User, SipdoPromptData.Prompt, SipdoJsonContext.Default.String);

    /// <summary>The questions of the wrongly answered items an updater request carries (its <c>errors</c> block).</summary>
    public static string ErrorQuestionsIn(FakeCall call) =>
        string.Join("\n", SipdoPromptData.Read(call.User, SipdoPromptData.Errors, SipdoJsonContext.Default.ErrorPayloadArray).Select(e => e.Question));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var role = options?.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Role, out var r) == true ? r as string : null;
        var discriminator = options?.AdditionalProperties?.TryGetValue("promptforge.cache_discriminator", out var d) == true ? d?.ToString() : null;
        var call = new FakeCall(
            role ?? "unknown",
            list.FirstOrDefault(m => m.Role == ChatRole.System)?.Text,
            list.FirstOrDefault(m => m.Role == ChatRole.User)?.Text ?? string.Empty,
            options?.Temperature,
            discriminator);
        Calls.Enqueue(call);
        var text = Respond(call);
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, text))
        {
            Usage = new UsageDetails { InputTokenCount = call.User.Length / 4, OutputTokenCount = text.Length / 4 },
        });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private string Respond(FakeCall call)
    {
        switch (call.Role)
        {
            case "sipdo.generator":
            {
                // An ungraded request carries no level block, an open-answer request no label block.
                var level = SipdoPromptData.TryRead(call.User, SipdoPromptData.Level, SipdoJsonContext.Default.Int32, out var l) ? l : 0;
                var label = SipdoPromptData.TryRead(call.User, SipdoPromptData.Label, SipdoJsonContext.Default.String, out var requested) ? requested! : "Yes";
                var attempt = int.Parse(call.Discriminator!.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
                var (input, answer) = Generate(level, attempt, label);
                return JsonSerializer.Serialize(new Dictionary<string, object> { ["input"] = input, ["answer"] = answer, ["choices"] = Array.Empty<string>(), ["rationale"] = "by construction" });
            }

            case "sipdo.verifier":
            {
                var vote = int.Parse(call.Discriminator!.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
                var (correct, answer) = Vote(call, vote);
                return JsonSerializer.Serialize(new Dictionary<string, object?> { ["answer"] = answer, ["label_is_correct"] = correct, ["reason"] = correct ? "consistent" : "the label does not follow" });
            }

            case "sipdo.summarizer":
                return """{"summary": "Earlier items covered skills s1..sN."}""";
            case "sipdo.task":
                return Answer(call.System ?? string.Empty, call.User);
            case "sipdo.error_analysis":
                return JsonSerializer.Serialize(new Dictionary<string, string> { ["analysis"] = "The prompt lacks rules for: " + string.Join(", ", SkillsIn(ErrorQuestionsIn(call)).Select(s => $"[skill:{s}]")) });
            case "sipdo.suggestion":
                return JsonSerializer.Serialize(new Dictionary<string, string[]> { ["suggestions"] = SkillsIn(ErrorQuestionsIn(call)).Select(s => "add RULE:" + s).ToArray() });
            case "sipdo.rewrite":
            {
                var attempt = int.Parse(call.Discriminator!.Split('a')[^1], System.Globalization.CultureInfo.InvariantCulture);
                var skills = SkillsIn(SipdoPromptData.Read(call.User, SipdoPromptData.Analysis, SipdoJsonContext.Default.String));
                return JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = Rewrite(PromptIn(call), skills, attempt), ["motivation"] = "add missing rules" });
            }

            default:
                throw new InvalidOperationException($"Unexpected role {call.Role}");
        }
    }

    [GeneratedRegex(@"\[skill:(\w+)\]")]
    private static partial Regex Skill();

    [GeneratedRegex(@"\[truth:(\w+)\]")]
    private static partial Regex Truth();
}
