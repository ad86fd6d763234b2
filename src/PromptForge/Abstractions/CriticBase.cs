namespace PromptForge;

/// <summary>
/// The base class for critics users write. Override <see cref="Name"/> and <see cref="CritiqueAsync"/>; the
/// loop passes the critique's complaints and metrics to the prompt updater with no other change, and a critic
/// that throws is recorded as failed for that iteration without stopping the run.
/// </summary>
public abstract class CriticBase : ICritic
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public virtual int Stage => 0;

    /// <summary>Gets the metric names this critic reports; used to mark them not measured when it fails or is skipped.</summary>
    /// <value>Empty by default.</value>
    public virtual IReadOnlyCollection<string> MetricNames => [];

    /// <inheritdoc />
    public abstract Task<Critique> CritiqueAsync(CritiqueContext context, CancellationToken cancellationToken = default);

    /// <summary>Creates a critique in which every metric of this critic is not measured, for the given reason.</summary>
    /// <param name="reason">Why nothing could be measured (for example "fewer than 2 samples").</param>
    /// <returns>The critique.</returns>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is null or empty.</exception>
    protected Critique NotMeasured(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new Critique
        {
            CriticName = Name,
            Metrics = MetricNames.ToDictionary(n => n, _ => MetricValue.NotMeasured(reason), StringComparer.Ordinal),
        };
    }
}
