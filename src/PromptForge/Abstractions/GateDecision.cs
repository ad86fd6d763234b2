namespace PromptForge;

/// <summary>The acceptance gate's verdict on a candidate prompt.</summary>
public sealed class GateDecision
{
    private GateDecision(bool accepted, string reason)
    {
        Accepted = accepted;
        Reason = reason;
    }

    /// <summary>Gets a value indicating whether the candidate is kept.</summary>
    public bool Accepted { get; }

    /// <summary>Gets the reason, for the artifacts and the updater.</summary>
    public string Reason { get; }

    /// <summary>Keeps the candidate.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    public static GateDecision Accept(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new GateDecision(true, reason);
    }

    /// <summary>Rolls the candidate back.</summary>
    /// <param name="reason">What regressed.</param>
    /// <returns>The decision.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    public static GateDecision Reject(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new GateDecision(false, reason);
    }
}
