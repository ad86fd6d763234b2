using System.Globalization;
using System.Text.Json;

namespace PromptForge.Sipdo;

/// <summary>
/// Re-checks synthetic items that the repair budget could not fix: the verifiers vote again, this time shown the task
/// model's answer and reasoning (<see cref="SipdoPromptTemplates.VerifierRecheck"/>). An item that no longer gets the
/// required votes (all, by default) is quarantined; the others are upheld. Each item is re-checked at most once per run.
/// </summary>
internal sealed class ItemRecheck(TaskDefinition task, SipdoOptions options)
{
    /// <summary>Re-checks the items not re-checked before.</summary>
    /// <returns>The items quarantined now, and the updated quarantine record for the loop to keep (<see langword="null"/> when nothing was re-checked).</returns>
    public async Task<(IReadOnlyList<QuarantinedItem> Quarantined, Artifact? Record)> RunAsync(
        PromptUpdateContext context,
        IReadOnlyList<TaskRunItem> stuck,
        IReadOnlyDictionary<string, GradedItem> items,
        CancellationToken cancellationToken)
    {
        var state = QuarantineState.Read(context.State);
        var pending = stuck.Where(s => !state.IsQuarantined(s.SampleId) && !state.Upheld.Contains(s.SampleId, StringComparer.Ordinal)).ToList();
        if (options.VerifierVotes == 0 || pending.Count == 0)
        {
            return ([], null);
        }

        var outcomes = await Task.WhenAll(pending.Select(s => RecheckAsync(context, s, items[s.SampleId], cancellationToken))).ConfigureAwait(false);
        var quarantined = outcomes.OfType<QuarantinedItem>().ToList();
        state.Quarantined.AddRange(quarantined);
        state.Upheld.AddRange(pending.Where((_, i) => outcomes[i] is null).Select(s => s.SampleId));
        return (quarantined, Artifact.Create(SipdoKeys.Quarantine, state));
    }

    private async Task<QuarantinedItem?> RecheckAsync(PromptUpdateContext context, TaskRunItem answer, GradedItem item, CancellationToken cancellationToken)
    {
        var expected = item.AcceptedAnswers[0];
        var user = PromptTemplate.RenderRequest(options.Templates.VerifierRecheck, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [SipdoPromptData.TaskName] = JsonSerializer.Serialize(task.Name, SipdoJsonContext.Default.String),
            [SipdoPromptData.TaskDescription] = JsonSerializer.Serialize(task.Description, SipdoJsonContext.Default.String),
            [SipdoPromptData.Item] = JsonSerializer.Serialize(new VerificationItemPayload(item.Input, expected, item.Choices), SipdoJsonContext.Default.VerificationItemPayload),
            [SipdoPromptData.ModelAnswer] = JsonSerializer.Serialize(new ModelAnswerPayload(answer.Extracted, answer.Output), SipdoJsonContext.Default.ModelAnswerPayload),
        });
        var votes = await Task.WhenAll(Enumerable.Range(1, options.VerifierVotes).Select(vote => VoteAsync(context, user, item, expected, vote, cancellationToken))).ConfigureAwait(false);
        var agreeing = votes.Count(v => v.Agrees);
        var required = options.RequiredAgreeingVotes ?? options.VerifierVotes;
        return agreeing >= required
            ? null
            : new QuarantinedItem(
                item.Id,
                context.Iteration,
                context.Current.Version,
                agreeing,
                votes.Length,
                string.Create(CultureInfo.InvariantCulture, $"{agreeing} of {votes.Length} re-check votes support the label \"{expected}\" (need {required}): {string.Join("; ", votes.Where(v => !v.Agrees).Select(v => v.Reason))}"),
                answer.Extracted);
    }

    private Task<(bool Agrees, string Reason)> VoteAsync(PromptUpdateContext context, string user, GradedItem item, string expected, int vote, CancellationToken cancellationToken) =>
        VerifierVote.AskAsync(context.Models, task, user, string.Create(CultureInfo.InvariantCulture, $"{item.Id}-recheck-{vote}"), expected, item.Choices, cancellationToken);
}
