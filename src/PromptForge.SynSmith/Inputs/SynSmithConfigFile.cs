using System.Collections.ObjectModel;

namespace PromptForge.SynSmith;

/// <summary>
/// The reference's run configuration (<c>config.yaml</c>, <c>config.echo.yaml</c>, <c>config.sim.yaml</c>...) read as
/// it is. Unknown keys are rejected with their line. Input paths are resolved as documented on
/// <see cref="ResolveInputPath(string, string)"/>.
/// </summary>
public sealed class SynSmithConfigFile
{
    private SynSmithConfigFile(string path, SynSmithInputLimits limits)
    {
        ConfigPath = path;
        Limits = limits;
    }

    /// <summary>Gets the configuration file's path.</summary>
    public string ConfigPath { get; }

    /// <summary>Gets the size limits this file was read with; <see cref="LoadSchema"/> and <see cref="LoadRealExamples"/> apply them too.</summary>
    public SynSmithInputLimits Limits { get; }

    /// <summary>Gets the resolved path of the attribute schema.</summary>
    public string SchemaPath { get; private set; } = string.Empty;

    /// <summary>Gets the resolved path of the real examples.</summary>
    public string RealExamplesPath { get; private set; } = string.Empty;

    /// <summary>Gets the domain tag, when given (it fills a schema without one).</summary>
    public string? Domain { get; private set; }

    /// <summary>Gets the task description, when given (it fills a schema without one).</summary>
    public string? TaskDescription { get; private set; }

    /// <summary>Gets the number of iterations, when given.</summary>
    public int? Iterations { get; private set; }

    /// <summary>Gets the number of samples per iteration, when given.</summary>
    public int? SamplesPerIteration { get; private set; }

    /// <summary>Gets the seed, when given.</summary>
    public int? Seed { get; private set; }

    /// <summary>Gets the run folder, when given.</summary>
    public string? RunDirectory { get; private set; }

    /// <summary>Gets the initial generator prompt, when given.</summary>
    public string? InitialPrompt { get; private set; }

    /// <summary>Gets a value indicating whether the file asks for the generator's and the verifier's calls to go through
    /// OpenAI's Batch API (<c>use_batch_api: true</c>, as the reference reads it); SynSmith itself ignores it, a host acts on it.</summary>
    public bool UseBatchApi => Components.UseBatchApi ?? false;

    /// <summary>Gets the model of batched calls (<c>batch_model</c>), when given.</summary>
    public string? BatchModel => Components.BatchModel;

    /// <summary>Gets the model names per section (<c>generator_llm</c>, <c>verifier_llm</c>...), for display and the saved run configuration.</summary>
    public IReadOnlyDictionary<string, string?> ModelNames =>
        new ReadOnlyDictionary<string, string?>(Models.ToDictionary(m => m.Key, m => m.Value.Model, StringComparer.Ordinal));

    /// <summary>
    /// Gets the backend of every <c>*_llm</c> section the file has, in the reference's section order, as the file writes it
    /// (<c>backend</c>, <c>model</c>, <c>api_key_env</c>, <c>base_url</c>): which provider serves a role is the host's
    /// choice, so the values are not checked here.
    /// </summary>
    public IReadOnlyList<SynSmithConfigBackend> Backends =>
        SynSmithConfigFileMapping.Sections
            .Where(s => Models.ContainsKey(s.Section))
            .Select(s => (s.Role, Settings: Models[s.Section]))
            .Select(s => new SynSmithConfigBackend(s.Settings.Section, s.Role, s.Settings.Backend, s.Settings.Model, s.Settings.ApiKeyEnvironmentVariable, s.Settings.BaseUrl, s.Settings.BackendLine))
            .ToList();

    internal Dictionary<string, ConfigModelSection> Models { get; } = new(StringComparer.Ordinal);

    internal ConfigComponentSections Components { get; } = new();

    /// <summary>Reads a configuration file with the default limits.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The configuration with its input paths resolved.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, too large, not UTF-8 or invalid, or an input file cannot be found (file, line and field named).</exception>
    public static SynSmithConfigFile Load(string path) => Load(path, limits: null, inputPaths: null);

    /// <summary>Reads a configuration file.</summary>
    /// <param name="path">The file path.</param>
    /// <param name="limits">The size limits; <see langword="null"/> for <see cref="SynSmithInputLimits.Default"/>.</param>
    /// <param name="inputPaths">
    /// Input files to use instead of the paths written in the file, keyed by the configuration key
    /// (<c>schema_path</c>, <c>real_examples_path</c>); used as given, not resolved. A host reads a run's frozen copies this way.
    /// </param>
    /// <returns>The configuration with its input paths resolved.</returns>
    /// <exception cref="ArgumentException"><paramref name="path"/> is null or empty.</exception>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException"><paramref name="limits"/> is invalid.</exception>
    /// <exception cref="SynSmithInputException">The file is missing, too large, not UTF-8 or invalid, or an input file cannot be found (file, line and field named).</exception>
    public static SynSmithConfigFile Load(string path, SynSmithInputLimits? limits, IReadOnlyDictionary<string, string>? inputPaths = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        limits ??= SynSmithInputLimits.Default;
        limits.Validate();
        var fullPath = System.IO.Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new SynSmithInputException([new InputProblem(path, null, null, "the configuration file does not exist")]);
        }

        return Parse(InputFiles.ReadText(fullPath, path, limits.MaxConfigBytes, nameof(SynSmithInputLimits.MaxConfigBytes)), fullPath, limits, inputPaths);
    }

    /// <summary>Parses configuration text; relative input paths are resolved against the folder of <paramref name="path"/>.</summary>
    /// <param name="yaml">The YAML text.</param>
    /// <param name="path">The path the text belongs to (used for path resolution and error messages).</param>
    /// <returns>The configuration.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The text is invalid or an input file cannot be found.</exception>
    public static SynSmithConfigFile Parse(string yaml, string path) => Parse(yaml, path, SynSmithInputLimits.Default, inputPaths: null);

    internal static SynSmithConfigFile Parse(string yaml, string path, SynSmithInputLimits limits, IReadOnlyDictionary<string, string>? inputPaths)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(path);
        var problems = new ProblemCollector(path, limits.MaxListedProblems);
        var root = YamlMapReader.LoadRoot(yaml, problems);
        problems.ThrowIfAny();
        var config = new SynSmithConfigFile(path, limits);
        SynSmithConfigFileReader.Read(config, root!, problems, inputPaths);
        root!.ReportUnknownKeys();
        problems.ThrowIfAny();
        return config;
    }

    /// <summary>
    /// Resolves an input path written in a configuration file. The reference's paths are relative to its repository
    /// root (for example <c>examples/customer_support/schema.yaml</c>), so the candidates, in order, are: the path
    /// itself when absolute; the path relative to the configuration's folder; the path relative to each parent of
    /// that folder; the file name next to the configuration; <c>splits/&lt;file name&gt;</c> next to the configuration.
    /// </summary>
    /// <param name="configDirectory">The folder of the configuration file.</param>
    /// <param name="declaredPath">The path as written.</param>
    /// <returns>The first existing candidate, or <see langword="null"/> when none exists.</returns>
    /// <exception cref="ArgumentNullException">An argument is <see langword="null"/>.</exception>
    public static string? ResolveInputPath(string configDirectory, string declaredPath)
    {
        ArgumentNullException.ThrowIfNull(configDirectory);
        ArgumentNullException.ThrowIfNull(declaredPath);
        return InputPathCandidates(configDirectory, declaredPath).FirstOrDefault(File.Exists);
    }

    /// <summary>Reads the attribute schema, filling its domain and task description from this file when the schema has none.</summary>
    /// <returns>The schema.</returns>
    /// <exception cref="SynSmithInputException">The schema is invalid.</exception>
    public AttributeSchema LoadSchema()
    {
        var schema = AttributeSchema.Load(SchemaPath, Limits);
        var fillTask = schema.TaskDescription.Length == 0 && !string.IsNullOrWhiteSpace(TaskDescription);
        var fillDomain = schema.Domain == "generic" && !string.IsNullOrWhiteSpace(Domain);
        return fillTask || fillDomain
            ? new AttributeSchema(
                schema.Attributes,
                schema.LabelAttribute,
                schema.InvalidCombinations,
                fillTask ? TaskDescription : schema.TaskDescription,
                fillDomain ? Domain : schema.Domain)
            : schema;
    }

    /// <summary>Reads the real examples and checks their labels against <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema (usually from <see cref="LoadSchema"/>).</param>
    /// <returns>The real examples.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="schema"/> is <see langword="null"/>.</exception>
    /// <exception cref="SynSmithInputException">The file is invalid, empty, or uses labels outside the schema.</exception>
    public RealExampleSet LoadRealExamples(AttributeSchema schema) => RealExampleSet.Load(RealExamplesPath, schema, Limits);

    internal static IEnumerable<string> InputPathCandidates(string configDirectory, string declaredPath)
    {
        var normalized = declaredPath.Replace('\\', '/');
        if (System.IO.Path.IsPathRooted(normalized))
        {
            yield return normalized;
        }

        var directory = new DirectoryInfo(configDirectory);
        for (var folder = directory; folder is not null; folder = folder.Parent)
        {
            yield return System.IO.Path.GetFullPath(System.IO.Path.Combine(folder.FullName, normalized));
        }

        var fileName = System.IO.Path.GetFileName(normalized);
        yield return System.IO.Path.Combine(directory.FullName, fileName);
        yield return System.IO.Path.Combine(directory.FullName, "splits", fileName);
    }

    internal void SetPaths(string schemaPath, string realExamplesPath)
    {
        SchemaPath = schemaPath;
        RealExamplesPath = realExamplesPath;
    }

    internal void SetRun(string? domain, string? task, int? iterations, int? samples, int? seed, string? runDirectory, string? initialPrompt)
    {
        Domain = domain;
        TaskDescription = task;
        Iterations = iterations;
        SamplesPerIteration = samples;
        Seed = seed;
        RunDirectory = runDirectory;
        InitialPrompt = initialPrompt;
    }
}
