namespace PromptForge.SynSmith;

/// <summary>Registers SynSmith loops with dependency injection (<c>services.AddPromptForge().AddSynSmith(...)</c>).</summary>
public static class SynSmithPromptForgeBuilderExtensions
{
    /// <summary>The loop name used when none is given.</summary>
    public const string DefaultLoopName = "synsmith";

    /// <summary>
    /// Adds a SynSmith loop named <paramref name="loopName"/>: loops created under that name through
    /// <see cref="IPromptLoopFactory"/> are SynSmith runs over <paramref name="schema"/> and <paramref name="realExamples"/>.
    /// </summary>
    /// <param name="builder">The PromptForge builder.</param>
    /// <param name="schema">The attribute schema.</param>
    /// <param name="realExamples">The real examples.</param>
    /// <param name="configure">Configures the options; it also receives the application's service provider.</param>
    /// <param name="loopName">The loop name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="schema"/> or <paramref name="realExamples"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null or empty.</exception>
    public static IPromptForgeBuilder AddSynSmith(
        this IPromptForgeBuilder builder,
        AttributeSchema schema,
        RealExampleSet realExamples,
        Action<SynSmithOptions, IServiceProvider>? configure = null,
        string loopName = DefaultLoopName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(realExamples);
        ArgumentException.ThrowIfNullOrEmpty(loopName);
        return builder.ConfigureLoop(loopName, (loop, services) => loop.UseSynSmith(schema, realExamples, options => configure?.Invoke(options, services)));
    }
}
