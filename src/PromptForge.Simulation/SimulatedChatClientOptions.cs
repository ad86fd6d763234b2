using System.ComponentModel.DataAnnotations;

namespace PromptForge.Simulation;

/// <summary>Options for <see cref="SimulatedChatClient"/>.</summary>
public sealed class SimulatedChatClientOptions
{
    /// <summary>Gets or sets the seed: the same seed and the same request always give the same response.</summary>
    /// <value>The default is 0.</value>
    public int Seed { get; set; }

    /// <summary>Gets or sets a simulated latency applied to every call (waited on <see cref="TimeProvider"/>).</summary>
    /// <value>The default is <see cref="TimeSpan.Zero"/> (no delay).</value>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Gets or sets the clock used for the latency and for response time stamps.</summary>
    /// <value>The default is <see langword="null"/>, meaning <see cref="TimeProvider.System"/>.</value>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Gets or sets the model id reported on every response; it should always make the simulator recognizable.</summary>
    /// <value>The default is <see cref="SimulatorInfo.DefaultModelId"/>.</value>
    [Required(AllowEmptyStrings = false)]
    public string ModelId { get; set; } = SimulatorInfo.DefaultModelId;

    /// <summary>
    /// Gets the role behaviors the simulator answers with, registered explicitly (nothing is discovered): add the
    /// behavior each method package ships, for example <c>SipdoSimulation.Behavior</c> or <c>SynSmithSimulation.Behavior</c>.
    /// </summary>
    /// <value>Empty by default: every role then gets the generic answers (JSON generated from the requested schema, or a
    /// short answer drawn from the question). A role tag may be claimed by one behavior only.</value>
    public IList<ISimulatedRoleBehavior> Behaviors { get; } = [];

    /// <summary>Validates the options and reports every problem at once.</summary>
    /// <exception cref="ArgumentException">One or more options are invalid.</exception>
    internal void Validate()
    {
        var results = new List<ValidationResult>();
        _ = Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true);
        if (Latency < TimeSpan.Zero)
        {
            results.Add(new ValidationResult($"The {nameof(Latency)} cannot be negative (was {Latency})."));
        }

        if (Behaviors.Any(b => b is null))
        {
            results.Add(new ValidationResult($"{nameof(Behaviors)} contains a null entry."));
        }

        foreach (IGrouping<string, ISimulatedRoleBehavior> claimed in Behaviors.OfType<ISimulatedRoleBehavior>()
            .SelectMany(b => b.RoleTags.Select(tag => (Tag: tag, Behavior: b)))
            .GroupBy(c => c.Tag, c => c.Behavior, StringComparer.Ordinal)
            .Where(g => g.Distinct().Count() > 1))
        {
            results.Add(new ValidationResult(
                $"The role tag '{claimed.Key}' is claimed by more than one behavior ({string.Join(", ", claimed.Distinct().Select(b => b.GetType().Name))})."));
        }

        if (results.Count > 0)
        {
            throw new ArgumentException(
                $"Invalid {nameof(SimulatedChatClientOptions)}: " + string.Join(" ", results.Select(r => r.ErrorMessage)),
                "options");
        }
    }
}
