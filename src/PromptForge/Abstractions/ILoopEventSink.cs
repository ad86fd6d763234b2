namespace PromptForge;

/// <summary>Receives progress events from loop components while an iteration runs.</summary>
public interface ILoopEventSink
{
    /// <summary>Publishes an event to the run's event stream.</summary>
    /// <param name="loopEvent">The event.</param>
    void Publish(LoopEvent loopEvent);
}
