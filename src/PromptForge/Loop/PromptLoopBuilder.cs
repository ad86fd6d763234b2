using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace PromptForge;

/// <summary>
/// Composes a <see cref="PromptLoop"/>: role clients, generator, critics, updater, curriculum, objective, run store,
/// budget and the rest. Arguments are checked when given; <see cref="Build"/> checks the whole and reports every problem at once.
/// </summary>
public sealed class PromptLoopBuilder
{
    private readonly ModelRoleClients _clients = new();
    private readonly List<Func<IServiceProvider?, ICritic>> _critics = [];
    private readonly Dictionary<string, ModelCallSettings> _packageRoleDefaults = new(StringComparer.Ordinal);
    private readonly JsonObject _runConfiguration = [];
    private readonly List<string> _deferredProblems = [];
    private IGenerator? _generator;
    private IPromptUpdater? _updater;
    private IDifficultyCurriculum? _curriculum;
    private IPromptObjective? _objective;
    private IPromptAcceptanceGate? _gate;
    private IEmbeddingGenerator<string, Embedding<float>>? _embeddings;
    private IRunStore? _runStore;
    private IServiceProvider? _services;
    private TimeProvider _timeProvider = TimeProvider.System;
    private ILoggerFactory _loggerFactory = NullLoggerFactory.Instance;
    private string? _runId;

    internal PromptLoopBuilder()
    {
    }

    /// <summary>Gets the loop options being built; extension methods of packages adjust them.</summary>
    public PromptLoopOptions Options { get; private set; } = new();

    /// <summary>Sets the chat client used by every role that has no client of its own.</summary>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithChatClient(IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _clients.Default = client;
        return this;
    }

    /// <summary>Sets the chat client of one role kind (for example a cheap task model and a strong updater model).</summary>
    /// <param name="kind">The role kind.</param>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="kind"/> is not a defined role kind.</exception>
    public PromptLoopBuilder WithRoleClient(ModelRoleKind kind, IChatClient client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!Enum.IsDefined(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown role kind.");
        }

        _clients.Set(kind, client);
        return this;
    }

    /// <summary>Sets the generator's chat client.</summary>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithGeneratorClient(IChatClient client) => WithRoleClient(ModelRoleKind.Generator, client);

    /// <summary>Sets the task model's chat client (the model the optimized task prompt is for).</summary>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithTaskClient(IChatClient client) => WithRoleClient(ModelRoleKind.Task, client);

    /// <summary>Sets the critics' (judges') chat client.</summary>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithCriticClient(IChatClient client) => WithRoleClient(ModelRoleKind.Critic, client);

    /// <summary>Sets the updater's (optimizer's) chat client.</summary>
    /// <param name="client">The chat client.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="client"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithUpdaterClient(IChatClient client) => WithRoleClient(ModelRoleKind.Updater, client);

    /// <summary>Overrides the call settings of a role tag (for example <c>sipdo.suggestion</c>) or role kind (<c>updater</c>).</summary>
    /// <param name="roleTagOrKind">The role tag or role kind tag.</param>
    /// <param name="configure">Sets the values to override.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="roleTagOrKind"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="configure"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder ConfigureRole(string roleTagOrKind, Action<ModelCallSettings> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleTagOrKind);
        ArgumentNullException.ThrowIfNull(configure);
        if (!Options.Roles.TryGetValue(roleTagOrKind, out var settings))
        {
            settings = new ModelCallSettings();
            Options.Roles[roleTagOrKind] = settings;
        }

        configure(settings);
        return this;
    }

    /// <summary>
    /// Sets a package's default settings for a role tag (for example SIPDO's suggestion temperature 0.7). They apply
    /// only where neither the request nor the user's <see cref="ConfigureRole"/> settings say otherwise.
    /// </summary>
    /// <param name="roleTag">The role tag.</param>
    /// <param name="defaults">The default settings.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="roleTag"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="defaults"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithRoleDefaults(string roleTag, ModelCallSettings defaults)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(roleTag);
        ArgumentNullException.ThrowIfNull(defaults);
        _packageRoleDefaults[roleTag] = defaults.Clone();
        return this;
    }

    /// <summary>Sets the generator.</summary>
    /// <param name="generator">The generator.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithGenerator(IGenerator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _generator = generator;
        return this;
    }

    /// <summary>Adds a critic.</summary>
    /// <param name="critic">The critic.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="critic"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithCritic(ICritic critic)
    {
        ArgumentNullException.ThrowIfNull(critic);
        _critics.Add(_ => critic);
        return this;
    }

    /// <summary>Adds a critic created from the service provider given to <see cref="WithServices"/> (registered or constructed with its dependencies).</summary>
    /// <typeparam name="TCritic">The critic type.</typeparam>
    /// <returns>This builder.</returns>
    public PromptLoopBuilder WithCritic<TCritic>()
        where TCritic : class, ICritic
    {
        _critics.Add(services => services is null
            ? throw new InvalidOperationException($"Critic {typeof(TCritic).Name} must be resolved from a service provider: call WithServices(...) or add an instance.")
            : ActivatorUtilities.GetServiceOrCreateInstance<TCritic>(services));
        return this;
    }

    /// <summary>Adds a critic defined by a delegate.</summary>
    /// <param name="name">The critic's name (snake_case).</param>
    /// <param name="critique">Produces the critique.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="name"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="critique"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithCritic(string name, Func<CritiqueContext, CancellationToken, Task<Critique>> critique)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(critique);
        var critic = new DelegateCritic(name, critique);
        _critics.Add(_ => critic);
        return this;
    }

    /// <summary>Sets the prompt updater.</summary>
    /// <param name="updater">The updater.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="updater"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithPromptUpdater(IPromptUpdater updater)
    {
        ArgumentNullException.ThrowIfNull(updater);
        _updater = updater;
        return this;
    }

    /// <summary>Sets the difficulty curriculum; the loop ends when it completes.</summary>
    /// <param name="curriculum">The curriculum.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="curriculum"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithCurriculum(IDifficultyCurriculum curriculum)
    {
        ArgumentNullException.ThrowIfNull(curriculum);
        _curriculum = curriculum;
        return this;
    }

    /// <summary>Sets the objective that scores prompt versions and selects the best one.</summary>
    /// <param name="objective">The objective.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="objective"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithObjective(IPromptObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        _objective = objective;
        return this;
    }

    /// <summary>Sets the acceptance gate that keeps or rolls back candidate prompts.</summary>
    /// <param name="gate">The gate.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="gate"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithAcceptanceGate(IPromptAcceptanceGate gate)
    {
        ArgumentNullException.ThrowIfNull(gate);
        _gate = gate;
        return this;
    }

    /// <summary>Sets the embedding generator used by embedding-based critics and metrics.</summary>
    /// <param name="generator">The embedding generator.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="generator"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        _embeddings = generator;
        return this;
    }

    /// <summary>Sets where runs are saved; without a store nothing is written and runs cannot be resumed.</summary>
    /// <param name="store">The run store.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="store"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithRunStore(IRunStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _runStore = store;
        return this;
    }

    /// <summary>Sets the id of the next run (instead of a generated one).</summary>
    /// <param name="runId">The run id.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is null, empty, or not a valid run id (only letters, digits, '.', '_' and '-'; no path characters).</exception>
    public PromptLoopBuilder WithRunId(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        RunStorePaths.ValidateRunId(runId, nameof(runId));
        _runId = runId;
        return this;
    }

    /// <summary>Sets the run budget.</summary>
    /// <param name="budget">The budget.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="budget"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">A limit is zero or negative.</exception>
    public PromptLoopBuilder WithBudget(LoopBudget budget)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var problems = budget.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(budget));
        }

        Options.Budget = budget.Clone();
        return this;
    }

    /// <summary>Sets how many model calls may run at once.</summary>
    /// <param name="maxConcurrency">The limit, at least 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxConcurrency"/> is less than 1.</exception>
    public PromptLoopBuilder WithMaxConcurrency(int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        Options.MaxConcurrency = maxConcurrency;
        return this;
    }

    /// <summary>Sets the maximum number of iterations.</summary>
    /// <param name="maxIterations">The limit, at least 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxIterations"/> is less than 1.</exception>
    public PromptLoopBuilder WithMaxIterations(int maxIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxIterations, 1);
        Options.MaxIterations = maxIterations;
        return this;
    }

    /// <summary>Sets how many samples the generator is asked for per iteration.</summary>
    /// <param name="samplesPerIteration">The count, at least 1.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="samplesPerIteration"/> is less than 1.</exception>
    public PromptLoopBuilder WithSamplesPerIteration(int samplesPerIteration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerIteration, 1);
        Options.SamplesPerIteration = samplesPerIteration;
        return this;
    }

    /// <summary>Sets the run seed.</summary>
    /// <param name="seed">The seed.</param>
    /// <returns>This builder.</returns>
    public PromptLoopBuilder WithSeed(int seed)
    {
        Options.Seed = seed;
        return this;
    }

    /// <summary>Replaces all loop options (for example ones bound from configuration).</summary>
    /// <param name="options">The options; copied.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public PromptLoopBuilder WithOptions(PromptLoopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid loop options: " + string.Join(" ", problems), nameof(options));
        }

        Options = options.Clone();
        return this;
    }

    /// <summary>Sets the time provider.</summary>
    /// <param name="timeProvider">The time provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="timeProvider"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        return this;
    }

    /// <summary>Sets the logger factory.</summary>
    /// <param name="loggerFactory">The logger factory.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="loggerFactory"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithLoggerFactory(ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _loggerFactory = loggerFactory;
        return this;
    }

    /// <summary>Sets the service provider used to resolve critics added by type.</summary>
    /// <param name="services">The service provider.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithServices(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        _services = services;
        return this;
    }

    /// <summary>Adds a section to the run configuration saved as <c>config.json</c> (secrets are removed before writing).</summary>
    /// <param name="section">The section name, for example <c>sipdo</c>.</param>
    /// <param name="value">The section content.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="section"/> is null or empty.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="value"/> is <see langword="null"/>.</exception>
    public PromptLoopBuilder WithRunConfiguration(string section, JsonNode value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(section);
        ArgumentNullException.ThrowIfNull(value);
        _runConfiguration[section] = value.DeepClone();
        return this;
    }

    /// <summary>Records a configuration problem found by a package's extension method, reported by <see cref="Build"/> with all others.</summary>
    /// <param name="problem">The problem.</param>
    /// <returns>This builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="problem"/> is null or empty.</exception>
    public PromptLoopBuilder AddConfigurationProblem(string problem)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(problem);
        _deferredProblems.Add(problem);
        return this;
    }

    /// <summary>Validates the configuration and builds the loop.</summary>
    /// <returns>The loop.</returns>
    /// <exception cref="PromptLoopValidationException">The configuration has problems; every one is listed.</exception>
    public PromptLoop Build()
    {
        var problems = new List<string>(_deferredProblems);
        problems.AddRange(Options.Validate());
        if (_generator is null)
        {
            problems.Add("No generator: call WithGenerator(...) or a method package's builder extension (its Use...(...) method).");
        }

        var critics = new List<ICritic>();
        foreach (var factory in _critics)
        {
            try
            {
                critics.Add(factory(_services));
            }
            catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
            {
                problems.Add(ex.Message);
            }
        }

        foreach (var duplicate in critics.GroupBy(c => c.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"Two critics are named '{duplicate.Key}': critic names must be unique (they name artifact files).");
        }

        foreach (var critic in critics.Where(c => !IsValidComponentName(c.Name)))
        {
            problems.Add($"Critic name '{critic.Name}' is invalid: use lower-case letters, digits and '_' (it names artifact files).");
        }

        var components = new object?[] { _generator, _updater, _curriculum }.Concat(critics);
        foreach (var consumer in components.OfType<IModelRoleConsumer>())
        {
            foreach (var kind in consumer.RequiredRoleKinds.Where(k => _clients.Find(k) is null).Distinct())
            {
                problems.Add($"{DescribeComponent(consumer)} needs a chat client for the {ModelRole.KindTag(kind)} role: call WithChatClient(...) or With{kind}Client(...).");
            }
        }

        if (problems.Count > 0)
        {
            throw new PromptLoopValidationException(problems);
        }

        return new PromptLoop(new PromptLoopComponents
        {
            Clients = _clients.Clone(),
            Generator = _generator!,
            Critics = critics,
            Updater = _updater,
            Curriculum = _curriculum,
            Objective = _objective,
            Gate = _gate,
            Embeddings = _embeddings ?? DefaultEmbeddings.Create(),
            RunStore = _runStore,
            RunId = _runId,
            Options = Options.Clone(),
            PackageRoleDefaults = new Dictionary<string, ModelCallSettings>(_packageRoleDefaults, StringComparer.Ordinal),
            RunConfiguration = (JsonObject)_runConfiguration.DeepClone(),
            TimeProvider = _timeProvider,
            LoggerFactory = _loggerFactory,
        });
    }

    private static bool IsValidComponentName(string name) =>
        !string.IsNullOrEmpty(name) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-');

    private static string DescribeComponent(object component) =>
        component is ICritic critic ? $"Critic '{critic.Name}'" : component.GetType().Name;
}
