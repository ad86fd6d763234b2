using PromptForge;

/// <summary>
/// A custom critic: checks that the prompt tells the model which answers are allowed, and reports the prompt's length.
/// It reads only the prompt, so it makes no model call; a critic that needs a model calls <c>context.Models</c>.
/// </summary>
internal sealed class AnswerFormatCritic(IReadOnlyList<string> allowedAnswers) : CriticBase
{
    public const string StatesAnswerFormat = "states_answer_format";
    public const string PromptCharacters = "prompt_characters";

    public override string Name => "answer_format";

    // Declared so that, if this critic ever fails, its metrics are recorded as "not measured" instead of missing.
    public override IReadOnlyCollection<string> MetricNames => [StatesAnswerFormat, PromptCharacters];

    public override Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default)
    {
        var prompt = context.Prompt.Text;
        var missing = allowedAnswers.Where(answer => !prompt.Contains(answer, StringComparison.OrdinalIgnoreCase)).ToList();

        return Task.FromResult(new Critique
        {
            CriticName = Name,
            Metrics = new Dictionary<string, MetricValue>
            {
                [StatesAnswerFormat] = MetricValue.Measured(missing.Count == 0 ? 1 : 0),
                [PromptCharacters] = MetricValue.Measured(prompt.Length),
            },
            // Complaints are saved with the iteration and handed to the prompt updater.
            Complaints = missing.Count == 0 ? [] :
            [
                new Complaint
                {
                    Code = "answer_format_missing",
                    Message = $"The prompt never says the answer must be one of: {string.Join(", ", allowedAnswers)}.",
                    Evidence = missing.Select(answer => $"'{answer}' does not appear in prompt v{context.Prompt.Version}").ToList(),
                },
            ],
        });
    }
}
