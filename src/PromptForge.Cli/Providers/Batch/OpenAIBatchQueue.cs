using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>
/// Collects the batched roles' requests, submits them as OpenAI batches (a JSONL file uploaded with purpose <c>batch</c>,
/// then a batch over it), polls each batch until it ends, and hands every waiting call the line the batch returned for it.
/// Requests that arrive within <see cref="OpenAIBatchSettings.CollectWindow"/> of each other go out together, so the calls
/// of one stage (an iteration's generations, its verifier packs) form one batch. Every submission is journaled
/// (<see cref="BatchJournal"/>) before anyone waits for it: a restarted process finds the batch of a repeated request and
/// polls it instead of paying for it again. Lines a batch left unprocessed (expired, cancelled) are submitted again, up to
/// <see cref="OpenAIBatchSettings.MaxResubmissions"/> times; a failed batch fails its calls with the API's reason.
/// </summary>
internal sealed class OpenAIBatchQueue : IDisposable
{
    private readonly OpenAIBatchEndpoint _endpoint;
    private readonly BatchJournal _journal;
    private readonly OpenAIBatchSettings _settings;
    private readonly TimeProvider _timeProvider;
    private readonly object _gate = new();
    private readonly List<PendingRequest> _pending = [];
    private readonly Dictionary<string, PendingRequest> _pendingById = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Task<BatchOutcome>> _polls = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly ITimer _timer;
    private int _submittedBatches;

    public OpenAIBatchQueue(OpenAIBatchEndpoint endpoint, BatchJournal journal, OpenAIBatchSettings settings, TimeProvider timeProvider)
    {
        _endpoint = endpoint;
        _journal = journal;
        _settings = settings;
        _timeProvider = timeProvider;
        _timer = timeProvider.CreateTimer(_ => _ = FlushAsync(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Gets the number of batches this queue submitted (not counting batches found in the journal).</summary>
    public int SubmittedBatches => Volatile.Read(ref _submittedBatches);

    /// <summary>Sends one request through the Batch API and waits for its line.</summary>
    /// <param name="customId">The request's id (a hash of its body).</param>
    /// <param name="body">The chat-completions request body.</param>
    /// <param name="cancellationToken">The call's token: cancelling stops the wait, not the batch.</param>
    public async Task<BatchLineResult> SendAsync(string customId, byte[] body, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_journal.LatestBatchOf(customId) is { } batchId)
            {
                BatchOutcome outcome = await PollAsync(batchId).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (outcome.Results.TryGetValue(customId, out BatchLineResult? result)
                    && !(IsTransient(result.StatusCode) && _journal.SubmissionsOf(customId) <= _settings.MaxResubmissions))
                {
                    return result;
                }

                if (outcome.Status == "failed")
                {
                    return BatchLineResult.Error(400, "batch_failed", $"OpenAI batch {batchId} failed: {outcome.Errors ?? "no reason given"}");
                }
            }

            // Never submitted, left unprocessed by its batch (expired, cancelled), or failed transiently inside it (a 5xx
            // or 429 line, which a replay would only repeat): submit (again).
            if (_journal.SubmissionsOf(customId) > _settings.MaxResubmissions)
            {
                // Transient for the caller's retries; once they are spent, the run stops resumably.
                return BatchLineResult.Error(503, "batch_unprocessed", $"request {customId} was left unprocessed by {_journal.SubmissionsOf(customId)} batches");
            }

            await EnqueueAsync(customId, body).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stopping.Cancel();
        _timer.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Adds the request to the next batch; completes with the batch id once it is submitted and journaled.</summary>
    private Task<string> EnqueueAsync(string customId, byte[] body)
    {
        bool flushNow;
        Task<string> submitted;
        lock (_gate)
        {
            if (!_pendingById.TryGetValue(customId, out PendingRequest? request))
            {
                request = new PendingRequest(customId, body);
                _pendingById.Add(customId, request);
                _pending.Add(request);
            }

            submitted = request.Submitted.Task;
            flushNow = _pending.Count >= _settings.MaxRequestsPerBatch;

            // A quiet window: every new request restarts it, so one stage's calls leave together.
            _timer.Change(flushNow ? TimeSpan.Zero : _settings.CollectWindow, Timeout.InfiniteTimeSpan);
        }

        return submitted;
    }

    private async Task FlushAsync()
    {
        List<PendingRequest> requests;
        lock (_gate)
        {
            requests = _pending.Take(_settings.MaxRequestsPerBatch).ToList();
            _pending.RemoveRange(0, requests.Count);
            foreach (PendingRequest request in requests)
            {
                _pendingById.Remove(request.CustomId);
            }

            if (_pending.Count > 0)
            {
                _timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }

        if (requests.Count == 0)
        {
            return;
        }

        try
        {
            var file = new StringBuilder();
            foreach (PendingRequest request in requests)
            {
                var line = new JsonObject
                {
                    ["custom_id"] = request.CustomId,
                    ["method"] = "POST",
                    ["url"] = OpenAIBatchEndpoint.ChatCompletionsUrl,
                    ["body"] = JsonNode.Parse(request.Body),
                };
                file.Append(line.ToJsonString()).Append('\n');
            }

            string fileId = await _endpoint.UploadAsync(Encoding.UTF8.GetBytes(file.ToString()), _stopping.Token).ConfigureAwait(false);
            string batchId = await _endpoint.CreateAsync(fileId, _settings.CompletionWindow, _stopping.Token).ConfigureAwait(false);
            _journal.RecordSubmitted(batchId, fileId, requests.Select(r => r.CustomId).ToList());
            Interlocked.Increment(ref _submittedBatches);
            foreach (PendingRequest request in requests)
            {
                request.Submitted.TrySetResult(batchId);
            }
        }
        catch (Exception ex)
        {
            // The callers fail the way the endpoint did; their retries enqueue the requests again.
            foreach (PendingRequest request in requests)
            {
                request.Submitted.TrySetException(ex);
            }
        }
    }

    /// <summary>One poll per batch, shared by every call waiting for it; a poll that failed (the endpoint was unreachable) is started again by the next caller.</summary>
    private Task<BatchOutcome> PollAsync(string batchId)
    {
        lock (_gate)
        {
            if (!_polls.TryGetValue(batchId, out Task<BatchOutcome>? poll) || poll.IsFaulted || poll.IsCanceled)
            {
                poll = PollCoreAsync(batchId);
                _polls[batchId] = poll;
            }

            return poll;
        }
    }

    private async Task<BatchOutcome> PollCoreAsync(string batchId)
    {
        await Task.Yield();
        CancellationToken stopping = _stopping.Token;
        BatchState state;
        while (true)
        {
            state = await _endpoint.GetAsync(batchId, stopping).ConfigureAwait(false);
            if (state.IsFinal)
            {
                break;
            }

            await Task.Delay(_settings.PollInterval, _timeProvider, stopping).ConfigureAwait(false);
        }

        var results = new Dictionary<string, BatchLineResult>(StringComparer.Ordinal);
        foreach (string? fileId in new[] { state.OutputFileId, state.ErrorFileId })
        {
            if (fileId is not null)
            {
                ReadLines(await _endpoint.DownloadAsync(fileId, stopping).ConfigureAwait(false), results);
            }
        }

        if (_journal.FinalStatusOf(batchId) is null)
        {
            _journal.RecordFinished(batchId, state.Status);
        }

        return new BatchOutcome(state.Status, state.Errors, results);
    }

    private static bool IsTransient(int statusCode) => statusCode is 408 or 429 or >= 500;

    /// <summary>Reads an output or error file: one line per request, <c>{custom_id, response: {status_code, body}, error}</c>.
    /// A line whose error says the batch expired or was cancelled before it ran is left out (the request is submitted again);
    /// an unreadable line is left out too, and its request is submitted again.</summary>
    internal static void ReadLines(byte[] content, Dictionary<string, BatchLineResult> results)
    {
        foreach (string line in Encoding.UTF8.GetString(content).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
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

            if (entry?["custom_id"]?.GetValue<string>() is not { } customId)
            {
                continue;
            }

            if (entry["response"] is JsonObject response && response["status_code"]?.GetValue<int>() is { } status && response["body"] is JsonNode responseBody)
            {
                results[customId] = new BatchLineResult(status, Encoding.UTF8.GetBytes(responseBody.ToJsonString()));
            }
            else if (entry["error"] is JsonObject error && error["code"]?.GetValue<string>() is { } code && code is not ("batch_expired" or "batch_cancelled"))
            {
                results[customId] = BatchLineResult.Error(500, code, error["message"]?.GetValue<string>() ?? code);
            }
        }
    }

    private sealed class PendingRequest(string customId, byte[] body)
    {
        public string CustomId { get; } = customId;

        public byte[] Body { get; } = body;

        public TaskCompletionSource<string> Submitted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed record BatchOutcome(string Status, string? Errors, IReadOnlyDictionary<string, BatchLineResult> Results);
}
