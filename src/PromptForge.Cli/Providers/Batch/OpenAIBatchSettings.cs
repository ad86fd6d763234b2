using PromptForge.Cli.Hosting;
using PromptForge.SynSmith;

namespace PromptForge.Cli.Providers.Batch;

/// <summary>
/// How <c>synthesize --batch</c> (or the reference config's <c>use_batch_api: true</c>) sends calls through OpenAI's Batch
/// API: which roles go there (the reference batches the generator and the attribute verifier; the other critics stay
/// real-time), how long requests are collected before a batch is submitted, how often a batch is polled, and where the
/// submitted batches are journaled so that a restarted process resumes polling instead of submitting again.
/// </summary>
internal sealed record OpenAIBatchSettings
{
    /// <summary>The Batch API's price relative to real-time calls (half price).</summary>
    public const decimal DefaultPriceFactor = 0.5m;

    /// <summary>Gets the role tags whose calls go through the Batch API.</summary>
    public required IReadOnlySet<string> Roles { get; init; }

    /// <summary>Gets the folder of the batch journal (next to the response cache, under the runs folder).</summary>
    public required string JournalDirectory { get; init; }

    /// <summary>Gets how long the queue waits after the last request arrived before it submits a batch: the calls of one
    /// stage of an iteration (every sample's generation, every verifier pack) arrive together and go out as one batch.</summary>
    public TimeSpan CollectWindow { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets how often a submitted batch's status is read.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets the most requests one batch carries (the API allows 50,000).</summary>
    public int MaxRequestsPerBatch { get; init; } = 50_000;

    /// <summary>Gets the batch's completion window, as the API names it.</summary>
    public string CompletionWindow { get; init; } = "24h";

    /// <summary>Gets how many times a request that a batch left unprocessed (expired or cancelled) is submitted again.</summary>
    public int MaxResubmissions { get; init; } = 3;

    /// <summary>Gets the price factor of batched calls in cost reports.</summary>
    public decimal PriceFactor { get; init; } = DefaultPriceFactor;

    /// <summary>The folder of the batch journal under a runs folder.</summary>
    public const string JournalFolderName = ".batches";

    /// <summary>
    /// The provider settings of a SynSmith run whose generator and attribute verifier go through the Batch API, as the
    /// reference batches them; a role of theirs on another provider (or the simulator) is an input error.
    /// </summary>
    /// <param name="provider">The resolved provider settings.</param>
    /// <param name="runsDirectory">The runs folder (the journal goes in its <c>.batches</c> folder).</param>
    /// <param name="requestedBy">What asked for batching (<c>--batch</c> or <c>use_batch_api</c>), for the error message.</param>
    /// <param name="pollInterval">How often a batch is polled.</param>
    /// <param name="collectWindow">The quiet window before a batch is submitted.</param>
    public static ProviderSettings ForSynSmith(ProviderSettings provider, string runsDirectory, string requestedBy, TimeSpan pollInterval, TimeSpan collectWindow)
    {
        foreach (ModelRoleKind kind in new[] { SynSmithRoles.Generator.Kind, SynSmithRoles.AttributeVerifier.Kind })
        {
            string used = provider.RoleConnections.TryGetValue(kind, out ProviderConnection? own) ? own.Provider : provider.Provider;
            if (used != ProviderNames.OpenAI)
            {
                throw new CliInputException(
                    $"{requestedBy} sends the generator's and the attribute verifier's calls through OpenAI's Batch API, but the {kind.ToString().ToLowerInvariant()} role's provider is {used}; use --provider openai (or --{kind.ToString().ToLowerInvariant()}-provider openai).",
                    field: requestedBy);
            }
        }

        return provider with
        {
            Batch = new OpenAIBatchSettings
            {
                Roles = new HashSet<string>([SynSmithRoles.Generator.Tag, SynSmithRoles.AttributeVerifier.Tag], StringComparer.Ordinal),
                JournalDirectory = Path.Combine(runsDirectory, JournalFolderName),
                PollInterval = pollInterval > TimeSpan.Zero ? pollInterval : TimeSpan.FromSeconds(30),
                CollectWindow = collectWindow >= TimeSpan.Zero ? collectWindow : TimeSpan.FromSeconds(2),
            },
        };
    }
}
