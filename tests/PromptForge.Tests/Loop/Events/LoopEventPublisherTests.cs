using Microsoft.Extensions.Time.Testing;

namespace PromptForge.Tests.Loop.Events;

public sealed class LoopEventPublisherTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 7, 16, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IterationStarted_StampsRunIdIterationAndTime()
    {
        var (publisher, events, time) = Create();
        time.Advance(TimeSpan.FromSeconds(5));

        publisher.IterationStarted(3, promptVersion: 2, level: null);

        var started = events.ShouldHaveSingleItem().ShouldBeOfType<IterationStartedEvent>();
        started.RunId.ShouldBe("run-1");
        started.Iteration.ShouldBe(3);
        started.PromptVersion.ShouldBe(2);
        started.Timestamp.ShouldBe(Start.AddSeconds(5));
    }

    [Fact]
    public void GateOutcome_AcceptedOrRejected_PublishesTheDecisionWithItsReason()
    {
        var (publisher, events, _) = Create();
        var candidate = new PromptVersion { Version = 4, Text = "v4", Status = PromptVersionStatus.Rejected };

        publisher.GateOutcome(2, new GateOutcome { Kind = GateOutcomeKind.Accepted, Reason = "better", Candidate = candidate });
        publisher.GateOutcome(3, new GateOutcome { Kind = GateOutcomeKind.Rejected, Reason = "worse", Candidate = candidate });

        events[0].ShouldBeOfType<PromptAcceptedEvent>().Reason.ShouldBe("better");
        var rejected = events[1].ShouldBeOfType<PromptRejectedEvent>();
        rejected.Reason.ShouldBe("worse");
        rejected.Prompt.Version.ShouldBe(4);
        rejected.Iteration.ShouldBe(3);
    }

    [Fact]
    public void GateOutcome_AbstainedOrNothingToJudge_PublishesNothing()
    {
        var (publisher, events, _) = Create();

        publisher.GateOutcome(2, GateOutcome.None);
        publisher.GateOutcome(2, new GateOutcome { Kind = GateOutcomeKind.Abstained, Decision = "abstained: x", Reason = "x" });

        events.ShouldBeEmpty();
    }

    [Fact]
    public void VersionsRecorded_PublishesEachProposalThenItsStatus()
    {
        var (publisher, events, _) = Create();

        publisher.VersionsRecorded(1,
        [
            new AdoptedVersion(Version(1, PromptVersionStatus.Rejected), null),
            new AdoptedVersion(Version(2, PromptVersionStatus.Accepted), "confirmed"),
            new AdoptedVersion(Version(3, PromptVersionStatus.Candidate), null),
        ]);

        events.Select(e => (e.GetType().Name, PromptOf(e).Version)).ShouldBe(
        [
            (nameof(PromptProposedEvent), 1), (nameof(PromptRejectedEvent), 1),
            (nameof(PromptProposedEvent), 2), (nameof(PromptAcceptedEvent), 2),
            (nameof(PromptProposedEvent), 3),
        ]);
        events[1].ShouldBeOfType<PromptRejectedEvent>().Reason.ShouldBe("not confirmed");
        events[3].ShouldBeOfType<PromptAcceptedEvent>().Reason.ShouldBe("confirmed");
    }

    private static PromptVersion PromptOf(LoopEvent loopEvent) => loopEvent switch
    {
        PromptProposedEvent proposed => proposed.Prompt,
        PromptAcceptedEvent accepted => accepted.Prompt,
        PromptRejectedEvent rejected => rejected.Prompt,
        _ => throw new InvalidOperationException(loopEvent.GetType().Name),
    };

    private static PromptVersion Version(int version, PromptVersionStatus status) => new() { Version = version, Text = $"v{version}", Status = status };

    private static (LoopEventPublisher Publisher, List<LoopEvent> Events, FakeTimeProvider Time) Create()
    {
        var time = new FakeTimeProvider(Start);
        var sink = new ListSink();
        return (new LoopEventPublisher(sink, time, "run-1"), sink.Events, time);
    }

    private sealed class ListSink : ILoopEventSink
    {
        public List<LoopEvent> Events { get; } = [];

        public void Publish(LoopEvent loopEvent) => Events.Add(loopEvent);
    }
}
