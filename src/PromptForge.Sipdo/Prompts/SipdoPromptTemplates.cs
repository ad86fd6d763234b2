namespace PromptForge.Sipdo;

/// <summary>
/// The prompt templates SIPDO sends to models. Each defaults to the embedded resource <c>Prompts/&lt;name&gt;.md</c>;
/// set a property to override it. Placeholders are written <c>{{name}}</c>; data placeholders (task name and description, examples, items, prompts,
/// model outputs, labels, levels) receive JSON-encoded values delimited as <c>&lt;name&gt;JSON&lt;/name&gt;</c>, so data never poses as
/// instructions and an override may reword the prose freely (the offline simulator reads only these blocks).
/// </summary>
public sealed class SipdoPromptTemplates
{
    /// <summary>Gets or sets the generator template (placeholders: task_name, task_description, examples, prompt, weaknesses, history, difficulty_instruction, label_instruction).</summary>
    /// <value>Defaults to the embedded <c>generator.md</c>.</value>
    public string Generator { get; set; } = Load("generator");

    /// <summary>Gets or sets the generator's difficulty instruction, filling its <c>difficulty_instruction</c> (placeholders: level, max_level).</summary>
    /// <value>Defaults to the embedded <c>difficulty_instruction.md</c>.</value>
    public string DifficultyInstruction { get; set; } = Load("difficulty_instruction");

    /// <summary>Gets or sets the generator's instruction without a difficulty gradient (ablation), filling its <c>difficulty_instruction</c>.</summary>
    /// <value>Defaults to the embedded <c>ungraded_instruction.md</c>.</value>
    public string UngradedInstruction { get; set; } = Load("ungraded_instruction");

    /// <summary>Gets or sets the generator's label-first instruction, filling its <c>label_instruction</c> (placeholder: label, a JSON string).</summary>
    /// <value>Defaults to the embedded <c>label_instruction.md</c>.</value>
    public string LabelInstruction { get; set; } = Load("label_instruction");

    /// <summary>Gets or sets the generator's instruction for open answers (no label space), filling its <c>label_instruction</c>.</summary>
    /// <value>Defaults to the embedded <c>open_label_instruction.md</c>.</value>
    public string OpenLabelInstruction { get; set; } = Load("open_label_instruction");

    /// <summary>Gets or sets the verifier template (placeholders: task_name, task_description, item).</summary>
    /// <value>Defaults to the embedded <c>verifier.md</c>.</value>
    public string Verifier { get; set; } = Load("verifier");

    /// <summary>
    /// Gets or sets the template of the re-check of an item no repair could fix: the verifiers vote again with the task
    /// model's answer and reasoning shown (placeholders: task_name, task_description, item, model_answer).
    /// </summary>
    /// <value>Defaults to the embedded <c>verifier_recheck.md</c>.</value>
    public string VerifierRecheck { get; set; } = Load("verifier_recheck");

    /// <summary>Gets or sets the history summarizer template (placeholders: task_name, previous_summary, items, max_characters).</summary>
    /// <value>Defaults to the embedded <c>summarizer.md</c>.</value>
    public string Summarizer { get; set; } = Load("summarizer");

    /// <summary>Gets or sets the error analysis template (placeholders: task_description, prompt, errors).</summary>
    /// <value>Defaults to the embedded <c>error_analysis.md</c>.</value>
    public string ErrorAnalysis { get; set; } = Load("error_analysis");

    /// <summary>Gets or sets the improvement suggestion template (placeholders: task_description, prompt, errors, analysis).</summary>
    /// <value>Defaults to the embedded <c>suggestion.md</c>.</value>
    public string Suggestion { get; set; } = Load("suggestion");

    /// <summary>Gets or sets the targeted rewrite template (placeholders: task_description, prompt, analysis, suggestions, output_format, max_characters).</summary>
    /// <value>Defaults to the embedded <c>rewrite.md</c>.</value>
    public string Rewrite { get; set; } = Load("rewrite");

    /// <summary>Gets or sets the zero-shot baseline prompt template (placeholders: task_description, output_format).</summary>
    /// <value>Defaults to the embedded <c>zero_shot.md</c>.</value>
    public string ZeroShotBaseline { get; set; } = Load("zero_shot");

    /// <summary>Gets or sets the chain-of-thought baseline prompt template (placeholders: task_description, output_format).</summary>
    /// <value>Defaults to the embedded <c>chain_of_thought.md</c>.</value>
    public string ChainOfThoughtBaseline { get; set; } = Load("chain_of_thought");

    /// <summary>Lists every template whose required placeholders are missing.</summary>
    internal IEnumerable<string> Problems()
    {
        foreach (var (name, text, required) in new (string, string, string[])[]
        {
            (nameof(Generator), Generator, ["prompt", "weaknesses", "history", "difficulty_instruction", "label_instruction"]),
            (nameof(DifficultyInstruction), DifficultyInstruction, ["level", "max_level"]),
            (nameof(UngradedInstruction), UngradedInstruction, []),
            (nameof(LabelInstruction), LabelInstruction, ["label"]),
            (nameof(OpenLabelInstruction), OpenLabelInstruction, []),
            (nameof(Verifier), Verifier, ["item"]),
            (nameof(VerifierRecheck), VerifierRecheck, ["item", "model_answer"]),
            (nameof(Summarizer), Summarizer, ["items"]),
            (nameof(ErrorAnalysis), ErrorAnalysis, ["prompt", "errors"]),
            (nameof(Suggestion), Suggestion, ["prompt", "analysis"]),
            (nameof(Rewrite), Rewrite, ["prompt", "suggestions"]),
            (nameof(ZeroShotBaseline), ZeroShotBaseline, ["output_format"]),
            (nameof(ChainOfThoughtBaseline), ChainOfThoughtBaseline, ["output_format"]),
        })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                yield return $"Templates.{name} is empty.";
                continue;
            }

            foreach (var placeholder in required.Where(p => !text.Contains("{{" + p + "}}", StringComparison.Ordinal)))
            {
                yield return $"Templates.{name} lacks the placeholder {{{{{placeholder}}}}}.";
            }
        }
    }

    private static string Load(string name)
    {
        var assembly = typeof(SipdoPromptTemplates).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith($".Prompts.{name}.md", StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";
    }
}
