namespace PromptForge.Sipdo;

/// <summary>The task verdicts of a run saved with its checkpoint, so a resumed run never answers a (prompt, item) pair again.</summary>
internal sealed class TaskVerdictMemoState
{
    public const string Key = "sipdo.task_verdicts";

    public List<TaskVerdictEntry> Verdicts { get; set; } = [];
}

/// <summary>One memoized verdict: the prompt (by the SHA-256 of its text), the item id and the graded answer.</summary>
internal sealed record TaskVerdictEntry(string PromptSha256, string ItemId, TaskRunItem Item);
