namespace PromptForge;

/// <summary>Finds critics' typed results (<see cref="Critique.Result"/>) by key.</summary>
public static class CritiqueResults
{
    /// <summary>Gets the results published under <paramref name="key"/>, in the order of <paramref name="critiques"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="critiques">The critiques, for example <see cref="PromptUpdateContext.Critiques"/> or every critique of a run's history.</param>
    /// <param name="key">The key the critic publishes its result under.</param>
    /// <returns>The results.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="critiques"/> or <paramref name="key"/> is <see langword="null"/>.</exception>
    public static IEnumerable<T> ResultsOf<T>(this IEnumerable<Critique> critiques, ArtifactKey<T> key)
    {
        ArgumentNullException.ThrowIfNull(critiques);
        ArgumentNullException.ThrowIfNull(key);
        return Iterate(critiques, key);

        static IEnumerable<T> Iterate(IEnumerable<Critique> critiques, ArtifactKey<T> key)
        {
            foreach (var critique in critiques)
            {
                if (critique.TryGetResult(key, out var value))
                {
                    yield return value;
                }
            }
        }
    }

    /// <summary>Gets the first critique whose result was published under <paramref name="key"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="critiques">The critiques.</param>
    /// <param name="key">The key.</param>
    /// <returns>The critique, or <see langword="null"/> when no critique carries such a result.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="critiques"/> or <paramref name="key"/> is <see langword="null"/>.</exception>
    public static Critique? FindByResult<T>(this IEnumerable<Critique> critiques, ArtifactKey<T> key)
    {
        ArgumentNullException.ThrowIfNull(critiques);
        ArgumentNullException.ThrowIfNull(key);
        return critiques.FirstOrDefault(critique => critique.Result?.Name == key.Name);
    }

    /// <summary>
    /// Gets the first critique that reports <paramref name="metricName"/> (measured or not, failed or not): metric names
    /// are unique across a loop's critics, so a critic's metric constant identifies its critique without naming the critic.
    /// </summary>
    /// <param name="critiques">The critiques.</param>
    /// <param name="metricName">The metric name, for example a critic's public metric constant.</param>
    /// <returns>The critique, or <see langword="null"/> when no critique reports the metric.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="critiques"/> or <paramref name="metricName"/> is <see langword="null"/>.</exception>
    public static Critique? FindByMetric(this IEnumerable<Critique> critiques, string metricName)
    {
        ArgumentNullException.ThrowIfNull(critiques);
        ArgumentNullException.ThrowIfNull(metricName);
        return critiques.FirstOrDefault(critique => critique.Metrics.ContainsKey(metricName));
    }
}
