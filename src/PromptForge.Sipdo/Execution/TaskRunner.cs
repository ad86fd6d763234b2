namespace PromptForge.Sipdo;

/// <summary>
/// Runs a task prompt on items with the task model (concurrently; the gateway throttles) and grades every output.
/// In a loop the temperature is <see langword="null"/>: the role default (or the user's ConfigureRole) applies.
/// </summary>
internal static class TaskRunner
{
    public static async Task<IReadOnlyList<TaskRunItem>> RunAsync(
        IModelGateway models,
        TaskDefinition task,
        string prompt,
        IReadOnlyList<GradedItem> items,
        float? temperature,
        CancellationToken cancellationToken)
    {
        var runs = await RunWithProvenanceAsync(models, task, prompt, items, temperature, cancellationToken).ConfigureAwait(false);
        return runs.Select(r => r.Item).ToArray();
    }

    /// <summary>Like <see cref="RunAsync"/>, also telling for each item whether the offline simulator produced the output.</summary>
    public static async Task<(TaskRunItem Item, bool Simulated)[]> RunWithProvenanceAsync(
        IModelGateway models,
        TaskDefinition task,
        string prompt,
        IReadOnlyList<GradedItem> items,
        float? temperature,
        CancellationToken cancellationToken)
    {
        var runs = items.Select(item => RunOneAsync(models, task, prompt, item, temperature, cancellationToken));
        return await Task.WhenAll(runs).ConfigureAwait(false);
    }

    public static double Coverage(IReadOnlyCollection<TaskRunItem> items) =>
        items.Count == 0 ? 0 : items.Count(i => i.Correct) / (double)items.Count;

    private static async Task<(TaskRunItem Item, bool Simulated)> RunOneAsync(IModelGateway models, TaskDefinition task, string prompt, GradedItem item, float? temperature, CancellationToken cancellationToken)
    {
        // The prompt is the system message; the item's input is the user message, as a deployed task prompt is used.
        var request = new ModelRequest(SipdoRoles.Task, prompt, item.Input) { Temperature = temperature };
        var response = await models.GetResponseAsync(request, cancellationToken).ConfigureAwait(false);
        var grade = task.AnswerFormat.Grade(response.Text, item.AcceptedAnswers, item.Choices);
        var simulated = response.ChatResponse.AdditionalProperties?.TryGetValue(PromptForgeChatOptionKeys.Simulated, out var flag) == true && flag is true;
        return (new TaskRunItem(item.Id, grade.Expected, grade.Extraction.Answer, grade.IsCorrect, grade.Reason, response.Text), simulated);
    }
}
