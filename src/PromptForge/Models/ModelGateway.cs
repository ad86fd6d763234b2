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
    private long _callsInFlight;

    public ModelGateway(
        ModelRoleClients clients,
        ModelCallSettingsResolver settings,
        int maxConcurrency,
        LoopBudget budget,
        TimeProvider timeProvider,
        ILogger logger,
        UsageLedger? ledger = null,
        TimeSpan elapsedBeforeStart = default)
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

    public Task<ModelResponse> GetResponseAsync(ModelRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SendAsync(request, request.Messages, responseFormat: null, cancellationToken);
    }

    public async Task<ModelResponse<T>> GetStructuredResponseAsync<T>(
        ModelRequest request,
        JsonTypeInfo<T> typeInfo,
        Func<T, string?>? validate = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(typeInfo);

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
                if (ex is not OperationCanceledException)
                {
                    LogCallFailed(_logger, request.Role.Tag, ex.GetType().Name);
                }

                throw;
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

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "A {Role} model call failed with {ExceptionType}.")]
    private static partial void LogCallFailed(ILogger logger, string role, string exceptionType);
}
