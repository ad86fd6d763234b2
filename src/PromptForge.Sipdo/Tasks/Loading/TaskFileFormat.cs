namespace PromptForge.Sipdo;

/// <summary>The task file formats <see cref="TaskFiles"/> reads.</summary>
public enum TaskFileFormat
{
    /// <summary>Detect from the extension and the JSON shape.</summary>
    Auto,

    /// <summary>BIG-Bench Hard: <c>{"examples": [{"input", "target"}]}</c>.</summary>
    BigBenchHard,

    /// <summary>BIG-bench <c>task.json</c>: examples with <c>target_scores</c> and/or <c>target</c> (string or list).</summary>
    BigBench,

    /// <summary>Logic-LM: an array of <c>{"id", "context", "question", "options", "answer"}</c>.</summary>
    LogicLm,

    /// <summary>MMLU-style CSV: question, four options, answer letter (no header, or a header row).</summary>
    MmluCsv,

    /// <summary>Generic JSON lines with configurable input, target and choices fields.</summary>
    Jsonl,
}
