using System.Collections.Concurrent;
using System.Text.Json.Serialization.Metadata;

namespace PromptForge.SynSmith;

/// <summary>
/// Asks every juror of a judge jury the same question (the same role, system prompt and payload, with the juror's model
/// id) and collects their replies. A juror whose call fails is left out of that question's verdict; the question fails only
/// when every juror failed. Also collects, per judged item, the category each juror gave it, for Fleiss' kappa.
/// </summary>
internal sealed class JudgeJury(IReadOnlyList<string> jurors)
{
    private readonly ConcurrentDictionary<string, string?[]> _ratings = new(StringComparer.Ordinal);

    /// <summary>Gets the jurors' model ids.</summary>
    public IReadOnlyList<string> Jurors { get; } = jurors;

    /// <summary>Asks every juror; returns each juror's reply (<see langword="null"/> for a juror whose call failed), in juror order.</summary>
    /// <exception cref="AggregateException">Every juror's call failed.</exception>
    public async Task<TReply?[]> AskAsync<TReply>(
        CritiqueContext context, ModelRole role, string? system, string payload, JsonTypeInfo<TReply> typeInfo, Func<TReply, string?> validate, CancellationToken cancellationToken)
        where TReply : class
    {
        var calls = Jurors.Select(async juror =>
        {
            try
            {
                var response = await context.Models.GetStructuredResponseAsync(new ModelRequest(role, system, payload) { ModelId = juror }, typeInfo, validate, cancellationToken).ConfigureAwait(false);
                return (Reply: (TReply?)response.Value, Error: (Exception?)null);
            }
            catch (Exception ex) when (ex is not OperationCanceledException && !ModelFailureClassifier.IsProviderFailure(ex) && ex is not BudgetExhaustedException)
            {
                return (Reply: (TReply?)null, Error: ex);
            }
        }).ToArray();
        var results = await Task.WhenAll(calls).ConfigureAwait(false);
        return results.All(r => r.Reply is null)
            ? throw new AggregateException("every juror's call failed", results.Select(r => r.Error!))
            : results.Select(r => r.Reply).ToArray();
    }

    /// <summary>Records the category juror <paramref name="juror"/> gave item <paramref name="item"/>.</summary>
    public void Rate(string item, int juror, string? category) =>
        _ratings.GetOrAdd(item, _ => new string?[Jurors.Count])[juror] = category;

    /// <summary>Fleiss' kappa over the items every juror rated.</summary>
    public MetricValue Agreement() =>
        Evaluation.FleissKappa.Compute(_ratings.Values.Where(r => r.All(c => c is not null)).Select(r => (IReadOnlyList<string>)r.Select(c => c!).ToArray()).ToList());

    /// <summary>The most frequent non-null value, ties going to the juror listed first.</summary>
    public static string? Plurality(IEnumerable<string?> values)
    {
        var list = values.ToList();
        return list.Where(v => v is not null)
            .GroupBy(v => v!, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => list.IndexOf(g.Key))
            .Select(g => g.Key)
            .FirstOrDefault();
    }
}
