namespace PromptForge.Sipdo.Tests.Tasks;

/// <summary>Every real target of every BBH and BIG-bench file must extract and normalize to itself.</summary>
public sealed class RealTargetExtractionTests
{
    // Known data defects: BBH split these option texts on commas, so the target is neither a letter nor an option.
    private static readonly Dictionary<string, int> KnownExcludedRecords = new(StringComparer.Ordinal)
    {
        ["movie_recommendation.json"] = 1,
        ["ruin_names.json"] = 2,
    };

    public static TheoryData<string> BbhFiles => TestDataFiles.JsonFilesIn("bbh");

    public static TheoryData<string> BigBenchFiles => TestDataFiles.JsonFilesIn("bigbench-promptagent");

    [Theory]
    [MemberData(nameof(BbhFiles))]
    public async Task LoadAsync_BbhFile_EveryTargetExtractsToItself(string file)
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf("bbh", file), cancellationToken: TestContext.Current.CancellationToken);

        AssertEveryTargetGradesCorrect(task);
        task.LoadNotes.Count.ShouldBe(KnownExcludedRecords.GetValueOrDefault(file), string.Join("\n", task.LoadNotes));
    }

    [Theory]
    [MemberData(nameof(BigBenchFiles))]
    public async Task LoadAsync_BigBenchFile_EveryTargetAndAcceptedAnswerExtractsToItself(string file)
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf("bigbench-promptagent", file), cancellationToken: TestContext.Current.CancellationToken);

        AssertEveryTargetGradesCorrect(task);
        task.LoadNotes.ShouldBeEmpty();
        foreach (var example in task.Examples)
        {
            foreach (var accepted in example.AcceptedAnswers)
            {
                task.AnswerFormat.Normalize(accepted).ShouldBe(task.AnswerFormat.Normalize(example.Target), $"{example.Id}: {accepted}");
            }
        }
    }

    [Theory]
    [InlineData("bbh", "causal_judgement.json", "yes_no", 187)]
    [InlineData("bbh", "penguins_in_a_table.json", "multiple_choice", 146)]
    [InlineData("bbh", "object_counting.json", "number", 250)]
    [InlineData("bbh", "multistep_arithmetic_two.json", "number", 250)]
    [InlineData("bbh", "formal_fallacies.json", "categorical", 250)]
    [InlineData("bbh", "dyck_languages.json", "exact_text", 250)]
    [InlineData("bbh", "word_sorting.json", "exact_text", 250)]
    [InlineData("bigbench-promptagent", "causal_judgement.json", "yes_no", 190)]
    [InlineData("bigbench-promptagent", "epistemic.json", "entailment", 2000)]
    [InlineData("bigbench-promptagent", "geometric_shapes.json", "categorical", 360)]
    [InlineData("bigbench-promptagent", "object_counting.json", "number", 1000)]
    [InlineData("bigbench-promptagent", "temporal_sequences.json", "choice", 1000)]
    [InlineData("bigbench-promptagent", "penguins_in_a_table.json", "choice", 149)]
    public async Task LoadAsync_RealFile_InfersAnswerFormat(string folder, string file, string format, int examples)
    {
        var task = await TaskFiles.LoadAsync(TestDataFiles.PathOf(folder, file), cancellationToken: TestContext.Current.CancellationToken);

        task.AnswerFormat.Name.ShouldBe(format);
        task.Examples.Count.ShouldBe(examples);
    }

    private static void AssertEveryTargetGradesCorrect(TaskDefinition task)
    {
        task.Examples.ShouldNotBeEmpty();
        foreach (var example in task.Examples)
        {
            var extraction = task.AnswerFormat.Extract(example.Target, example.Choices);
            extraction.Answer.ShouldBe(task.AnswerFormat.Normalize(example.Target), $"{task.Name} {example.Id}: target \"{example.Target}\" ({extraction.FailureReason})");
            task.AnswerFormat.Normalize(extraction.Answer!).ShouldBe(extraction.Answer, "normalization is idempotent");
            task.Grade(example.Target, example).IsCorrect.ShouldBeTrue();
            task.Grade($"Let me think step by step.\nThe answer is {example.Target}.", example).IsCorrect.ShouldBeTrue($"{example.Id}: phrased \"{example.Target}\"");
            task.Grade($"<answer>{example.Target}</answer>", example).IsCorrect.ShouldBeTrue($"{example.Id}: tagged \"{example.Target}\"");
        }
    }
}
