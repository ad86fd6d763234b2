using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>
/// The submitted batches of a runs folder (<c>.batches/journal.jsonl</c>, append-only): for each batch its id, its input
/// file and the <c>custom_id</c> of every request in it, and, once it ended, its final status. A request's custom id is a
/// hash of its body, so the same request from a restarted process (a resumed run repeats its interrupted iteration with
/// the same requests) finds its batch here and waits for it instead of being submitted and paid for again.
/// Holds no request content and no key.
/// </summary>
internal sealed class BatchJournal
{
    private const string FileName = "journal.jsonl";
    private readonly string _path;
    private readonly object _gate = new();
    private readonly Dictionary<string, string> _latestBatchOf = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _finalStatus = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _submissions = new(StringComparer.Ordinal);

    private BatchJournal(string directory) => _path = Path.Combine(directory, FileName);

    /// <summary>Opens (or starts) the journal in <paramref name="directory"/>. A torn last line (a crash mid-append) is ignored.</summary>
    public static BatchJournal Open(string directory)
    {
        var journal = new BatchJournal(directory);
        if (!File.Exists(journal._path))
        {
            return journal;
        }

        foreach (string line in File.ReadLines(journal._path))
        {
            JsonObject? entry;
            try
            {
                entry = JsonNode.Parse(line) as JsonObject;
            }
            catch (JsonException)
            {
                continue;
            }

            if (entry?["batch_id"]?.GetValue<string>() is not { } batchId)
            {
                continue;
            }

            switch (entry["event"]?.GetValue<string>())
            {
                case "submitted" when entry["custom_ids"] is JsonArray ids:
                    journal.ApplySubmitted(batchId, ids.Select(id => id!.GetValue<string>()));
                    break;
                case "finished" when entry["status"]?.GetValue<string>() is { } status:
                    journal._finalStatus[batchId] = status;
                    break;
            }
        }

        return journal;
    }

    /// <summary>Gets the batch that last carried <paramref name="customId"/>, if any.</summary>
    public string? LatestBatchOf(string customId)
    {
        lock (_gate)
        {
            return _latestBatchOf.GetValueOrDefault(customId);
        }
    }

    /// <summary>Gets the final status of <paramref name="batchId"/> (<c>completed</c>, <c>expired</c>, <c>cancelled</c>,
    /// <c>failed</c>), or <see langword="null"/> while it runs.</summary>
    public string? FinalStatusOf(string batchId)
    {
        lock (_gate)
        {
            return _finalStatus.GetValueOrDefault(batchId);
        }
    }

    /// <summary>Gets how many batches carried <paramref name="customId"/>.</summary>
    public int SubmissionsOf(string customId)
    {
        lock (_gate)
        {
            return _submissions.GetValueOrDefault(customId);
        }
    }

    /// <summary>Records a submitted batch before anyone waits for it.</summary>
    public void RecordSubmitted(string batchId, string inputFileId, IReadOnlyCollection<string> customIds)
    {
        Append(new JsonObject
        {
            ["event"] = "submitted",
            ["batch_id"] = batchId,
            ["input_file_id"] = inputFileId,
            ["custom_ids"] = new JsonArray(customIds.Select(id => (JsonNode?)id).ToArray()),
        });
        lock (_gate)
        {
            ApplySubmitted(batchId, customIds);
        }
    }

    /// <summary>Records that <paramref name="batchId"/> ended with <paramref name="status"/>.</summary>
    public void RecordFinished(string batchId, string status)
    {
        Append(new JsonObject { ["event"] = "finished", ["batch_id"] = batchId, ["status"] = status });
        lock (_gate)
        {
            _finalStatus[batchId] = status;
        }
    }

    private void ApplySubmitted(string batchId, IEnumerable<string> customIds)
    {
        foreach (string id in customIds)
        {
            _latestBatchOf[id] = batchId;
            _submissions[id] = _submissions.GetValueOrDefault(id) + 1;
        }
    }

    private void Append(JsonObject entry)
    {
        // One write per line, flushed to disk: the journal is what keeps a restarted process from paying for a batch twice.
        byte[] line = Encoding.UTF8.GetBytes(entry.ToJsonString() + "\n");
        lock (_gate)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(line);
            stream.Flush(flushToDisk: true);
        }
    }
}
