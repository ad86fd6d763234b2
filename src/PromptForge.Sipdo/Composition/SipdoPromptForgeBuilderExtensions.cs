namespace PromptForge.Sipdo;

/// <summary>Registers SIPDO loops with dependency injection (<c>services.AddPromptForge().AddSipdo(...)</c>).</summary>
public static class SipdoPromptForgeBuilderExtensions
{
    /// <summary>The default loop name of <see cref="AddSipdo(IPromptForgeBuilder, TaskDefinition, Action{SipdoOptions}?, string)"/>.</summary>
    public const string DefaultLoopName = "sipdo";

    /// <summary>Adds a SIPDO loop; create it with <see cref="IPromptLoopFactory.Create"/> under <paramref name="loopName"/>.</summary>
    /// <param name="builder">The PromptForge builder.</param>
    /// <param name="task">The task whose prompt is optimized.</param>
    /// <param name="configure">Configures the SIPDO options.</param>
    /// <param name="loopName">The loop name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="task"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null, empty or white space.</exception>
    public static IPromptForgeBuilder AddSipdo(this IPromptForgeBuilder builder, TaskDefinition task, Action<SipdoOptions>? configure = null, string loopName = DefaultLoopName)
    {
        ArgumentNullException.ThrowIfNull(task);
        return builder.AddSipdo(_ => task, configure, loopName);
    }

    /// <summary>Adds a SIPDO loop whose task is resolved from the application's services when the loop is created.</summary>
    /// <param name="builder">The PromptForge builder.</param>
    /// <param name="taskFactory">Creates the task from the service provider.</param>
    /// <param name="configure">Configures the SIPDO options.</param>
    /// <param name="loopName">The loop name.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/> or <paramref name="taskFactory"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="loopName"/> is null, empty or white space.</exception>
    public static IPromptForgeBuilder AddSipdo(this IPromptForgeBuilder builder, Func<IServiceProvider, TaskDefinition> taskFactory, Action<SipdoOptions>? configure = null, string loopName = DefaultLoopName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(taskFactory);
        ArgumentException.ThrowIfNullOrWhiteSpace(loopName);
        return builder.ConfigureLoop(loopName, (loop, services) => loop.UseSipdo(taskFactory(services), configure));
    }
}
