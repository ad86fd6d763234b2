using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;
using PromptForge.Testing;

namespace PromptForge.Tests.ChatClients;

public sealed class TelemetryChatClientTests
{
    // Listeners see every test's calls: each test uses its own model id and filters on it.
    private readonly string _model = "telemetry-test-" + Path.GetRandomFileName();

    [Fact]
    public async Task GetResponseAsync_WithActivityListener_RecordsGenAiActivity()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(activities);
        var client = new ScriptedChatClient().Enqueue(ScriptedReply.FromText("hi").WithUsage(11, 2)).WithTelemetry();
        var options = new ChatOptions { ModelId = _model, Temperature = 0.3f, MaxOutputTokens = 64, AdditionalProperties = new() { [PromptForgeChatOptionKeys.Role] = "sipdo.error_analysis" } };

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "secret question")], options, TestContext.Current.CancellationToken);

        var activity = activities.Single(a => a.DisplayName == $"chat {_model}");
        activity.Kind.ShouldBe(ActivityKind.Client);
        activity.GetTagItem("gen_ai.operation.name").ShouldBe("chat");
        activity.GetTagItem("gen_ai.request.model").ShouldBe(_model);
        activity.GetTagItem("gen_ai.request.temperature").ShouldBe(0.3f);
        activity.GetTagItem("gen_ai.request.max_tokens").ShouldBe(64);
        activity.GetTagItem("gen_ai.response.model").ShouldBe(_model);
        activity.GetTagItem("gen_ai.usage.input_tokens").ShouldBe(11L);
        activity.GetTagItem("gen_ai.usage.output_tokens").ShouldBe(2L);
        activity.GetTagItem("promptforge.role").ShouldBe("sipdo.error_analysis");
        activity.TagObjects.Select(t => t.Value?.ToString() ?? string.Empty).ShouldNotContain(v => v.Contains("secret question"));
    }

    [Fact]
    public async Task GetResponseAsync_Failure_MarksActivityAsError()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var listener = ListenToActivities(activities);
        var client = new ScriptedChatClient().Enqueue(new ModelServiceException("down", 503)).WithTelemetry();

        await Should.ThrowAsync<ModelServiceException>(client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ModelId = _model }, TestContext.Current.CancellationToken));

        var activity = activities.Single(a => a.DisplayName == $"chat {_model}");
        activity.Status.ShouldBe(ActivityStatusCode.Error);
        activity.GetTagItem("error.type").ShouldBe(typeof(ModelServiceException).FullName);
    }

    [Fact]
    public async Task GetResponseAsync_WithMeterListener_RecordsDurationAndTokenUsageByType()
    {
        var clock = new FakeTimeProvider();
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PromptForgeTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, ToDictionary(tags))));
        listener.Start();
        var model = new ScriptedChatClient(clock) { Latency = TimeSpan.FromMilliseconds(1500) }.Enqueue(ScriptedReply.FromText("hi").WithUsage(100, 20));
        var client = model.WithTelemetry(clock);

        var call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ModelId = _model }, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(1500)); // the scripted latency's timer exists once the call has started
        await call;

        var mine = measurements.Where(m => Equals(m.Tags.GetValueOrDefault("gen_ai.request.model"), _model)).ToList();
        mine.Single(m => m.Instrument == "gen_ai.client.operation.duration").Value.ShouldBe(1.5);
        mine.Single(m => m.Instrument == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "input")).Value.ShouldBe(100);
        mine.Single(m => m.Instrument == "gen_ai.client.token.usage" && Equals(m.Tags["gen_ai.token.type"], "output")).Value.ShouldBe(20);
    }

    [Fact]
    public async Task GetResponseAsync_ProviderEndpoint_TagsServerAddressAndPortOnSpanAndMetrics()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = ListenToActivities(activities);
        var durations = new ConcurrentQueue<Dictionary<string, object?>>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PromptForgeTelemetry.SourceName)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<double>((_, _, tags, _) => durations.Enqueue(ToDictionary(tags)));
        meterListener.Start();
        var endpoint = new ChatClientMetadata("openai", new Uri("https://models.example.test:8443/v1"), _model);
        var client = new MetadataChatClient(new ScriptedChatClient().Enqueue("hi"), endpoint).WithTelemetry();

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], new ChatOptions { ModelId = _model }, TestContext.Current.CancellationToken);

        var activity = activities.Single(a => a.DisplayName == $"chat {_model}");
        activity.GetTagItem("server.address").ShouldBe("models.example.test");
        activity.GetTagItem("server.port").ShouldBe(8443);
        activity.GetTagItem("gen_ai.provider.name").ShouldBe("openai");
        var duration = durations.Single(t => Equals(t.GetValueOrDefault("gen_ai.request.model"), _model));
        duration["server.address"].ShouldBe("models.example.test");
        duration["server.port"].ShouldBe(8443);
        duration["gen_ai.provider.name"].ShouldBe("openai");
    }

    [Fact]
    public async Task GetResponseAsync_CacheHit_IsTaggedAndItsTokensNotCounted()
    {
        var activities = new ConcurrentQueue<Activity>();
        using var activityListener = ListenToActivities(activities);
        var tokens = new ConcurrentQueue<string?>();
        using var meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == PromptForgeTelemetry.SourceName && instrument.Name == "gen_ai.client.token.usage")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        meterListener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            var tagged = ToDictionary(tags);
            if (Equals(tagged.GetValueOrDefault("gen_ai.request.model"), _model))
            {
                tokens.Enqueue(tagged["gen_ai.token.type"] as string);
            }
        });
        meterListener.Start();
        var directory = Path.Combine(Path.GetTempPath(), "promptforge-telemetry-tests", Path.GetRandomFileName());
        var client = new ScriptedChatClient().Enqueue("cached").WithResponseCache(new FileDistributedCache(directory)).WithTelemetry();
        var options = new ChatOptions { ModelId = _model };

        try
        {
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken);
            await client.GetResponseAsync([new ChatMessage(ChatRole.User, "q")], options, TestContext.Current.CancellationToken);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }

        activities.Where(a => a.DisplayName == $"chat {_model}").Select(a => a.GetTagItem("promptforge.cache_hit")).ShouldBe([false, true]);
        tokens.Count.ShouldBe(2);
    }

    private static ActivityListener ListenToActivities(ConcurrentQueue<Activity> stopped)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PromptForgeTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var result = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            result[tag.Key] = tag.Value;
        }

        return result;
    }

    /// <summary>Reports a provider endpoint as its metadata, like a real provider adapter.</summary>
    private sealed class MetadataChatClient(IChatClient inner, ChatClientMetadata metadata) : DelegatingChatClient(inner)
    {
        public override object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceType == typeof(ChatClientMetadata) && serviceKey is null ? metadata : base.GetService(serviceType, serviceKey);
    }
}
