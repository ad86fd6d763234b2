using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>The model-call path of one run: role clients, settings, concurrency, budget, usage and structured output.</summary>
internal sealed partial class ModelGateway : IModelGateway
{
    private static readonly ConcurrentDictionary<Type, JsonElement> SchemaCache = new();

    private readonly ModelRoleClients _clients;
    private readonly ModelCallSettingsResolver _settings;
    private readonly SemaphoreSlim _concurrency;
    private readonly LoopBudget _budget;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly long _startTimestamp;
    private readonly TimeSpan _elapsedBeforeStart;
    private readonly bool _stopOnProviderFailure;
    private readonly ConcurrentDictionary<int, CallTally> _tallies = new();
    private long _callsInFlight;
    private ModelServiceException? _stoppedBy;

    public ModelGateway(
        ModelRoleClients clients,
        ModelCallSettingsResolver settings,
        int maxConcurrency,
        LoopBudget budget,
        TimeProvider timeProvider,
        ILogger logger,
        UsageLedger? ledger = null,
        TimeSpan elapsedBeforeStart = default,
        bool stopOnProviderFailure = false)
    {
        _clients = clients;
        _settings = settings;
        _concurrency = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _budget = budget;
        _timeProvider = timeProvider;
        _logger = logger;
        Usage = ledger ?? new UsageLedger();
        _startTimestamp = timeProvider.GetTimestamp();
        _elapsedBeforeStart = elapsedBeforeStart;
        _stopOnProviderFailure = stopOnProviderFailure;
    }

    public UsageLedger Usage { get; }

    /// <summary>Gets the wall time of the run so far (including earlier sessions of a resumed run).</summary>
    public TimeSpan Elapsed => _elapsedBeforeStart + _timeProvider.GetElapsedTime(_startTimestamp);

    /// <summary>Throws when a budget limit is reached; the loop calls it between stages as well.</summary>
    public void ThrowIfBudgetExhausted()
    {
        if (!_budget.HasLimits)
        {
            return;
        }

        var total = Usage.Total();
        long paidCalls = total.Calls - total.CachedCalls + Interlocked.Read(ref _callsInFlight);
        if (_budget.MaxCalls is { } maxCalls && paidCalls >= maxCalls)
        {
            throw new BudgetExhaustedException($"call budget reached ({paidCalls} of {maxCalls} calls)");
        }

        if (_budget.MaxInputTokens is { } maxIn && total.InputTokens >= maxIn)
        {
            throw new BudgetExhaustedException($"input token budget reached ({total.InputTokens} of {maxIn} tokens)");
        }

        if (_budget.MaxOutputTokens is { } maxOut && total.OutputTokens >= maxOut)
        {
            throw new BudgetExhaustedException($"output token budget reached ({total.OutputTokens} of {maxOut} tokens)");
        }

        if (_budget.MaxWallTime is { } maxWall && Elapsed >= maxWall)
        {
            throw new BudgetExhaustedException($"wall-time budget reached ({Elapsed:g} of {maxWall:g})");
        }
    }

    /// <summary>Gets the provider failure that stopped this gateway, when it stops on one (the loop's gateway does).</summary>
    public ModelServiceException? StoppedBy => Volatile.Read(ref _stoppedBy);

    /// <summary>Gets how many calls an iteration sent and how many of them ended in a model-content failure.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <returns>The calls (a structured call with its repair counts once) and the content failures among them.</returns>
    public (int Calls, int ContentFailures) CallsForIteration(int iteration) =>
        _tallies.TryGetValue(iteration, out var tally) ? (Volatile.Read(ref tally.Calls), Volatile.Read(ref tally.ContentFailures)) : (0, 0);

    public async Task<ModelResponse> GetResponseAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            var response = await SendAsync(request, request.Messages, responseFormat: null, cancellationToken).ConfigureAwait(false);
            Count(contentFailure: false);
            return response;
        }
        catch (Exception ex) when (CountFailure(ex))
        {
            throw;
        }
    }

    public async Task<ModelResponse<T>> GetStructuredResponseAsync<T>(
        ModelRequest request,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?>? validate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);
        try
        {
            var response = await GetStructuredCoreAsync(request, typeInfo, validate, cancellationToken).ConfigureAwait(false);
            Count(contentFailure: false);
            return response;
        }
        catch (Exception ex) when (CountFailure(ex))
        {
            throw;
        }
    }

    private async Task<ModelResponse<T>> GetStructuredCoreAsync<T>(
        ModelRequest request,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?>? validate,
        CancellationToken cancellationToken)
    {
        var format = ChatResponseFormat.ForJsonSchema(GetSchema(typeInfo), typeInfo.Type.Name, null);
        var first = await SendAsync(request, request.Messages, format, cancellationToken).ConfigureAwait(false);
        if (TryParse(first.Text, typeInfo, validate, out T? value, out string error))
        {
            return new ModelResponse<T>(value!, first, repaired: false);
        }

        // The parse error may quote model output, so it is logged at Trace only (content never above Trace).
        LogRepairing(_logger, request.Role.Tag);
        LogRepairDetail(_logger, request.Role.Tag, error);

        // One bounded repair: the model sees its own invalid output and the exact error.
        var repairMessages = new List<ChatMessage>(request.Messages)
        {
            new(ChatRole.Assistant, first.Text),
            new(ChatRole.User, StructuredOutputRepair.CreateInstruction(error)),
        };
        var second = await SendAsync(request, repairMessages, format, cancellationToken).ConfigureAwait(false);
        if (TryParse(second.Text, typeInfo, validate, out value, out string secondError))
        {
            return new ModelResponse<T>(value!, second, repaired: true);
        }

        throw new StructuredOutputException(request.Role, second.Text, secondError);
    }

    private void Count(bool contentFailure)
    {
        var tally = _tallies.GetOrAdd(UsageLedger.CurrentIteration, static _ => new CallTally());
        Interlocked.Increment(ref tally.Calls);
        if (contentFailure)
        {
            Interlocked.Increment(ref tally.ContentFailures);
        }
    }

    /// <summary>Counts a failed call that was sent (an exception filter: it never catches).</summary>
    private bool CountFailure(Exception exception)
    {
        if (exception is not (BudgetExhaustedException or OperationCanceledException or NotSentException))
        {
            Count(ModelFailureClassifier.IsContentFailure(exception));
        }

        return false;
    }

    internal static JsonElement GetSchema<T>(JsonTypeInfo<T> typeInfo) =>
        SchemaCache.GetOrAdd(typeInfo.Type, _ => AIJsonUtilities.CreateJsonSchema(typeInfo.Type, serializerOptions: typeInfo.Options));

    private static bool TryParse<T>(string text, JsonTypeInfo<T> typeInfo, Func<T, string?>? validate, out T? value, out string error)
    {
        value = default;
        string json = StructuredOutputRepair.ExtractJson(text);
        if (json.Length == 0)
        {
            error = "the reply was empty; a JSON value was required";
            return false;
        }

        try
        {
            value = JsonSerializer.Deserialize(json, typeInfo);
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON for {typeInfo.Type.Name}: {ex.Message}";
            return false;
        }

        if (value is null)
        {
            error = "the reply was JSON null; an object was required";
            return false;
        }

        if (validate?.Invoke(value) is { Length: > 0 } validationError)
        {
            error = validationError;
            return false;
        }

        error = string.Empty;
        return true;
    }

    private async Task<ModelResponse> SendAsync(
        ModelRequest request,
        IEnumerable<ChatMessage> messages,
        ChatResponseFormat? responseFormat,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var client = _clients.Get(request.Role.Kind);
        var settings = _settings.Resolve(request);

        // A fresh ChatOptions per call: nothing the caller owns is ever mutated.
        var options = new ChatOptions
        {
            Temperature = settings.Temperature,
            MaxOutputTokens = settings.MaxOutputTokens,
            ModelId = settings.ModelId,
            ResponseFormat = responseFormat,
            AdditionalProperties = new AdditionalPropertiesDictionary
            {
                [PromptForgeChatOptionKeys.Role] = request.Role.Tag,
                [PromptForgeChatOptionKeys.RoleKind] = ModelRole.KindTag(request.Role.Kind),
            },
        };
        if (request.CacheDiscriminator is { } discriminator)
        {
            options.AdditionalProperties[PromptForgeChatOptionKeys.CacheDiscriminator] = discriminator;
        }

        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // After a provider failure nothing more is sent: a refused key or a dead endpoint must not be paid for (or
            // hammered) by every call still queued behind it.
            if (StoppedBy is { } stop)
            {
                throw new NotSentException(stop);
            }

            ThrowIfBudgetExhausted();
            Interlocked.Increment(ref _callsInFlight);
            long started = _timeProvider.GetTimestamp();
            bool recorded = false;
            try
            {
                var chatResponse = await client.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
                var response = new ModelResponse(request.Role, chatResponse);
                Interlocked.Decrement(ref _callsInFlight);
                recorded = true;
                Usage.Record(new UsageRecord(
                    request.Role.Tag,
                    request.Role.Kind,
                    UsageLedger.CurrentIteration,
                    chatResponse.Usage?.InputTokenCount ?? 0,
                    chatResponse.Usage?.OutputTokenCount ?? 0,
                    _timeProvider.GetElapsedTime(started),
                    response.FromCache,
                    Failed: false));
                return response;
            }
            catch (Exception ex) when (!recorded)
            {
                Interlocked.Decrement(ref _callsInFlight);
                Usage.Record(new UsageRecord(
                    request.Role.Tag, request.Role.Kind, UsageLedger.CurrentIteration, 0, 0, _timeProvider.GetElapsedTime(started), FromCache: false, Failed: true));
                if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    throw;
                }

                // Whatever the chat client still throws after its retries and that is transient (a reset stream, a
                // dropped connection) means the provider could not answer.
                var kind = ModelFailureClassifier.Classify(ex);
                if (kind == ModelFailureKind.Unknown && TransientFaultClassifier.IsTransient(ex))
                {
                    kind = ModelFailureKind.ProviderUnavailable;
                }

                LogCallFailed(_logger, request.Role.Tag, ex.GetType().Name, kind);
                if (!ModelFailureClassifier.IsProviderFailure(kind))
                {
                    throw;
                }

                // Every provider failure leaves the gateway as a ModelServiceException carrying its category, whatever
                // the SDK or the middleware threw (an open circuit, a timeout, a connection error).
                var failure = ex as ModelServiceException ?? new ModelServiceException(
                    $"The {request.Role.Tag} call failed: {ex.Message}", kind, TransientFaultClassifier.IsTransient(ex), innerException: ex);
                if (_stopOnProviderFailure)
                {
                    Interlocked.CompareExchange(ref _stoppedBy, failure, null);
                }

                if (ReferenceEquals(failure, ex))
                {
                    throw;
                }

                throw failure;
            }
        }
        finally
        {
            _concurrency.Release();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Warning, Message = "The {Role} reply was not valid structured output; making one repair call.")]
    private static partial void LogRepairing(ILogger logger, string role);

    [LoggerMessage(EventId = 102, Level = LogLevel.Trace, Message = "The {Role} reply was invalid: {Error}")]
    private static partial void LogRepairDetail(ILogger logger, string role, string error);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "A {Role} model call failed with {ExceptionType} ({Kind}).")]
    private static partial void LogCallFailed(ILogger logger, string role, string exceptionType, ModelFailureKind kind);

    private sealed class CallTally
    {
        public int Calls;
        public int ContentFailures;
    }

    /// <summary>A call refused because an earlier provider failure stopped the gateway; it carries that failure's category.</summary>
    private sealed class NotSentException(ModelServiceException stop)
        : ModelServiceException("Not sent: an earlier call failed and the run is stopping. " + stop.Message, stop.FailureKind, isTransient: false, stop.StatusCode, innerException: stop);
}
