using System.Globalization;

namespace PromptForge.Sipdo;

/// <summary>
/// One verifier vote on an item's label, shared by the generator's verification and the optimizer's re-check: the vote
/// agrees when the verifier judges the label correct and its own answer (if it gives one) reads as the same label. An
/// unreadable or refused vote cannot support the label.
/// </summary>
internal static class VerifierVote
{
    /// <summary>Asks one vote.</summary>
    /// <param name="models">The model gateway.</param>
    /// <param name="task">The task (its answer format reads the verifier's own answer).</param>
    /// <param name="user">The rendered verifier request.</param>
    /// <param name="cacheDiscriminator">What makes this vote a separate call from the item's other votes.</param>
    /// <param name="expected">The label under vote.</param>
    /// <param name="choices">The item's choices, if any.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>Whether the vote supports the label, and why not.</returns>
    public static async Task<(bool Agrees, string Reason)> AskAsync(
        IModelGateway models, TaskDefinition task, string user, string cacheDiscriminator, string expected, IReadOnlyList<string>? choices, CancellationToken cancellationToken)
    {
        var request = new ModelRequest(SipdoRoles.Verifier, null, user) { CacheDiscriminator = cacheDiscriminator };
        try
        {
            var value = (await models.GetStructuredResponseAsync(request, SipdoJsonContext.Default.VerifierVoteOutput, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            var format = task.AnswerFormat;
            var ownAnswerAgrees = string.IsNullOrWhiteSpace(value.Answer)
                || format.Extract(value.Answer, choices).Answer == format.Normalize(expected);
            return value.LabelIsCorrect && ownAnswerAgrees
                ? (true, "agrees")
                : (false, value.Reason ?? (value.LabelIsCorrect ? string.Create(CultureInfo.InvariantCulture, $"own answer \"{value.Answer}\" differs") : "label judged incorrect"));
        }
        catch (Exception ex) when (ModelFailureClassifier.IsContentFailure(ex))
        {
            return (false, ex is StructuredOutputException malformed ? $"malformed vote: {malformed.Error}" : $"refused vote: {ex.Message}");
        }
    }
}
