using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.SynSmith;

/// <summary>Small helpers the SynSmith critics share.</summary>
internal static class CriticSupport
{
    public static JsonElement Details(JsonObject details) => JsonSerializer.SerializeToElement(details, SynSmithJsonContext.Default.JsonObject);

    /// <summary>A text quoted as JSON (so it reads as data wherever it lands), shortened to <paramref name="max"/> characters.</summary>
    public static string Quote(string text, int max = 200)
    {
        var shortened = text.Length <= max ? text : text[..max] + "…";
        return JsonSerializer.Serialize(shortened, SynSmithJsonContext.Default.String);
    }

    public static MetricValue Rate(int numerator, int denominator, string notMeasuredReason) =>
        denominator == 0 ? MetricValue.NotMeasured(notMeasuredReason, 0) : MetricValue.Measured(numerator / (double)denominator, denominator);

    public static string Ref(char prefix, int index) => prefix + (index + 1).ToString("00", CultureInfo.InvariantCulture);

    /// <summary>
    /// Whether a failed critic call ends the critique: everything but a model-content failure (a refusal, or malformed
    /// output after repair) does. Provider failures, budget and cancellation must reach the loop, which stops the run.
    /// </summary>
    public static bool IsFatal(Exception ex) => !ModelFailureClassifier.IsContentFailure(ex);

    public static string Describe(Exception ex) => ex switch
    {
        StructuredOutputException so => "malformed reply: " + so.Error,
        ModelServiceException { FailureKind: ModelFailureKind.ContentRefused } refused => "refused by the content filter: " + refused.Message,
        _ => ex.GetType().Name + ": " + ex.Message,
    };

    /// <summary>Indexes reply items by the reference we assigned; items without one, and repeats, are ignored.</summary>
    public static Dictionary<string, T> ByRef<T>(IEnumerable<T?>? items, Func<T, string?> reference)
        where T : class
    {
        var byRef = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            if (item is not null && reference(item) is { } key)
            {
                byRef.TryAdd(key, item);
            }
        }

        return byRef;
    }

    /// <summary>Logs the batches of a critic whose calls failed (the critique records them too).</summary>
    public static void LogFailedCalls<TBatch, TReply>(CritiqueContext context, string critic, (TBatch Batch, TReply? Reply, string? Error)[] results)
        where TReply : class
    {
        var failed = results.Where(r => r.Error is not null).ToArray();
        if (failed.Length > 0)
        {
            SynSmithLog.CriticCallsFailed(context.LoggerFactory.CreateLogger(SynSmithLog.Category), context.Iteration, critic, failed.Length, results.Length, failed[0].Error!);
        }
    }

    /// <summary>Runs every batch call concurrently (the gateway throttles); a failed batch becomes its error message.</summary>
    public static async Task<(TBatch Batch, TReply? Reply, string? Error)[]> RunBatchesAsync<TBatch, TReply>(
        IEnumerable<TBatch> batches,
        Func<TBatch, Task<TReply>> call)
        where TReply : class
    {
        var tasks = batches.Select(async batch =>
        {
            try
            {
                return (batch, await call(batch).ConfigureAwait(false), (string?)null);
            }
            catch (Exception ex) when (!IsFatal(ex))
            {
                return (batch, (TReply?)null, Describe(ex));
            }
        });
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <summary>
    /// The critique, among an iteration's, of the critic that reports <paramref name="metric"/>, when it measured. Metric
    /// names are unique across a loop's critics, so a metric constant identifies its critic without naming it.
    /// </summary>
    public static Critique? Reporting(IEnumerable<Critique> critiques, string metric) =>
        critiques.FindByMetric(metric) is { Failed: false } critique ? critique : null;
}
