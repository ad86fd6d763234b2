namespace PromptForge;

/// <summary>
/// The loop's budget (calls, tokens or wall time) is spent. The gateway throws it before making a call; the loop
/// catches it and ends with <see cref="RunStatus.BudgetExhausted"/>, keeping the best prompt so far.
/// Packages must let it propagate.
/// </summary>
public sealed class BudgetExhaustedException : PromptForgeException
{
    /// <summary>Initializes a new instance of the <see cref="BudgetExhaustedException"/> class.</summary>
    public BudgetExhaustedException()
        : this("The budget is exhausted.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExhaustedException"/> class.</summary>
    /// <param name="reason">Which budget was spent, for example "max calls 200 reached".</param>
    public BudgetExhaustedException(string? reason)
        : base(reason)
    {
        Reason = reason ?? "The budget is exhausted.";
    }

    /// <summary>Initializes a new instance of the <see cref="BudgetExhaustedException"/> class.</summary>
    /// <param name="reason">Which budget was spent.</param>
    /// <param name="innerException">The cause.</param>
    public BudgetExhaustedException(string? reason, Exception? innerException)
        : base(reason, innerException)
    {
        Reason = reason ?? "The budget is exhausted.";
    }

    /// <summary>Gets which budget was spent.</summary>
    public string Reason { get; }
}
