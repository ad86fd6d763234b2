using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;

namespace PromptForge.Sipdo;

/// <summary>
/// The held-out items already evaluated in a run (<c>evaluation/held_out.jsonl</c>): each item is appended as soon as its
/// answer is graded, so an interrupted evaluation resumes where it stopped and never pays an item twice.
/// </summary>
internal sealed class HeldOutJournal(IRunStore store, string runId)
{
    public const string File = "evaluation/held_out.jsonl";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<(string Prompt, int Index), HeldOutJournalEntry>? _entries;

    public static string PromptKey(string prompt) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(prompt)));

    /// <summary>Finds an item evaluated earlier for the same prompt text.</summary>
    public async Task<HeldOutJournalEntry?> FindAsync(string promptKey, int index, string sampleId, CancellationToken cancellationToken)
    {
        var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
        // The split is fixed by the run's seed; an entry for another example at this position is not reused.
        return entries.GetValueOrDefault((promptKey, index)) is { } entry && entry.Item.SampleId == sampleId ? entry : null;
    }

    public async Task AppendAsync(HeldOutJournalEntry entry, CancellationToken cancellationToken)
    {
        var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
        byte[] line = JsonLines.Serialize([entry], HeldOutJournalJsonContext.Default.HeldOutJournalEntry);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancellable once the answer is paid for: keeping it is the point.
            await store.AppendFileAsync(runId, File, line, CancellationToken.None).ConfigureAwait(false);
            entries[(entry.PromptSha256, entry.Index)] = entry;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Rewrites the journal in a fixed order (prompt hash, then position) once an evaluation is complete: items are
    /// appended in the order they finish, which concurrency makes vary, and a resumed evaluation must end with the same
    /// file as an uninterrupted one.
    /// </summary>
    public async Task CanonicalizeAsync(CancellationToken cancellationToken)
    {
        var entries = await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var read = await store.ReadJsonLinesAsync(runId, File, HeldOutJournalJsonContext.Default.HeldOutJournalEntry, cancellationToken).ConfigureAwait(false);
            var ordered = entries.Values.OrderBy(e => e.PromptSha256, StringComparer.Ordinal).ThenBy(e => e.Index).ToList();
            if (read is null || !read.Items.SequenceEqual(ordered))
            {
                await store.WriteFileAsync(runId, File, JsonLines.Serialize(ordered, HeldOutJournalJsonContext.Default.HeldOutJournalEntry), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<Dictionary<(string Prompt, int Index), HeldOutJournalEntry>> LoadAsync(CancellationToken cancellationToken)
    {
        if (_entries is { } loaded)
        {
            return loaded;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_entries is not null)
            {
                return _entries;
            }

            var entries = new Dictionary<(string, int), HeldOutJournalEntry>();
            var read = await store.ReadJsonLinesAsync(runId, File, HeldOutJournalJsonContext.Default.HeldOutJournalEntry, cancellationToken).ConfigureAwait(false);
            foreach (var entry in read?.Items ?? [])
            {
                entries[(entry.PromptSha256, entry.Index)] = entry;
            }

            if (read?.TornLineNumber is not null)
            {
                // An append cut short by a kill: keep the whole lines, so later appends do not follow a broken one.
                await store.WriteFileAsync(runId, File, JsonLines.Serialize(read.Items, HeldOutJournalJsonContext.Default.HeldOutJournalEntry), cancellationToken).ConfigureAwait(false);
            }

            return _entries = entries;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>One evaluated held-out item (by its position in the split) of a prompt (identified by the SHA-256 of its text).</summary>
internal sealed record HeldOutJournalEntry(string PromptSha256, int Index, TaskRunItem Item, bool Simulated);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, RespectNullableAnnotations = true)]
[JsonSerializable(typeof(HeldOutJournalEntry))]
internal sealed partial class HeldOutJournalJsonContext : JsonSerializerContext;
