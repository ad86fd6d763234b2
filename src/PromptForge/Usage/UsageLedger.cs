namespace PromptForge;

/// <summary>
/// Thread-safe record of model usage per role and per iteration, live while a loop runs and saved with the run.
/// </summary>
public sealed class UsageLedger
{
    private static readonly AsyncLocal<int?> CurrentIterationSlot = new();
    private readonly Lock _gate = new();
    private readonly UsageSnapshot _state = new();

    /// <summary>Raised after every recorded call (on the calling thread; keep handlers cheap).</summary>
    public event EventHandler<UsageRecord>? Recorded;

    /// <summary>Gets the iteration that calls on the current async flow are attributed to.</summary>
    /// <value>0 outside an iteration scope.</value>
    public static int CurrentIteration => CurrentIterationSlot.Value ?? 0;

    /// <summary>Attributes the calls made on the current async flow to <paramref name="iteration"/> until disposed.</summary>
    /// <param name="iteration">The iteration number.</param>
    /// <returns>A scope that restores the previous iteration when disposed.</returns>
    public static IDisposable BeginIteration(int iteration)
    {
        int? previous = CurrentIterationSlot.Value;
        CurrentIterationSlot.Value = iteration;
        return new Scope(previous);
    }

    /// <summary>Records one call.</summary>
    /// <param name="record">The call.</param>
    /// <exception cref="ArgumentNullException"><paramref name="record"/> is <see langword="null"/>.</exception>
    public void Record(UsageRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _state.Total.Add(record);
            Get(_state.ByRole, record.RoleTag).Add(record);
            Get(_state.ByRoleKind, ModelRole.KindTag(record.RoleKind)).Add(record);
            Get(_state.ByIteration, record.Iteration).Add(record);
            Get(IterationRoles(_state, record.Iteration), record.RoleTag).Add(record);
        }

        Recorded?.Invoke(this, record);
    }

    /// <summary>Adds usage recorded earlier (for example by an interrupted run that is being resumed).</summary>
    /// <param name="previous">The earlier snapshot.</param>
    /// <exception cref="ArgumentNullException"><paramref name="previous"/> is <see langword="null"/>.</exception>
    public void Restore(UsageSnapshot previous)
    {
        ArgumentNullException.ThrowIfNull(previous);
        lock (_gate)
        {
            _state.Total.Add(previous.Total);
            foreach (var (k, v) in previous.ByRole)
            {
                Get(_state.ByRole, k).Add(v);
            }

            foreach (var (k, v) in previous.ByRoleKind)
            {
                Get(_state.ByRoleKind, k).Add(v);
            }

            foreach (var (k, v) in previous.ByIteration)
            {
                Get(_state.ByIteration, k).Add(v);
            }

            foreach (var (iteration, roles) in previous.ByIterationAndRole)
            {
                foreach (var (role, v) in roles)
                {
                    Get(IterationRoles(_state, iteration), role).Add(v);
                }
            }
        }
    }

    /// <summary>Returns a copy of the current totals.</summary>
    /// <returns>The snapshot.</returns>
    public UsageSnapshot Snapshot()
    {
        lock (_gate)
        {
            var copy = new UsageSnapshot { Total = _state.Total.Clone() };
            foreach (var (k, v) in _state.ByRole)
            {
                copy.ByRole[k] = v.Clone();
            }

            foreach (var (k, v) in _state.ByRoleKind)
            {
                copy.ByRoleKind[k] = v.Clone();
            }

            foreach (var (k, v) in _state.ByIteration)
            {
                copy.ByIteration[k] = v.Clone();
            }

            foreach (var (iteration, roles) in _state.ByIterationAndRole)
            {
                copy.ByIterationAndRole[iteration] = new SortedDictionary<string, UsageTotals>(roles.ToDictionary(r => r.Key, r => r.Value.Clone()), StringComparer.Ordinal);
            }

            return copy;
        }
    }

    /// <summary>Returns the totals of one iteration.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <returns>A copy of its totals (empty when it made no call).</returns>
    public UsageTotals ForIteration(int iteration)
    {
        lock (_gate)
        {
            return _state.ByIteration.TryGetValue(iteration, out var t) ? t.Clone() : new UsageTotals();
        }
    }

    /// <summary>Returns the totals over every call.</summary>
    /// <returns>A copy of the totals.</returns>
    public UsageTotals Total()
    {
        lock (_gate)
        {
            return _state.Total.Clone();
        }
    }

    private static IDictionary<string, UsageTotals> IterationRoles(UsageSnapshot state, int iteration)
    {
        if (!state.ByIterationAndRole.TryGetValue(iteration, out var roles))
        {
            roles = new SortedDictionary<string, UsageTotals>(StringComparer.Ordinal);
            state.ByIterationAndRole[iteration] = roles;
        }

        return roles;
    }

    private static UsageTotals Get<TKey>(IDictionary<TKey, UsageTotals> map, TKey key)
    {
        if (!map.TryGetValue(key, out var totals))
        {
            totals = new UsageTotals();
            map[key] = totals;
        }

        return totals;
    }

    private sealed class Scope(int? previous) : IDisposable
    {
        public void Dispose() => CurrentIterationSlot.Value = previous;
    }
}
