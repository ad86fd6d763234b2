using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace PromptForge;

/// <summary>The validated parts of a loop, as <see cref="PromptLoopBuilder.Build"/> hands them over.</summary>
internal sealed class PromptLoopComponents
{
    public required ModelRoleClients Clients { get; init; }

    public required IGenerator Generator { get; init; }

    public required IReadOnlyList<ICritic> Critics { get; init; }

    public IPromptUpdater? Updater { get; init; }

    public IDifficultyCurriculum? Curriculum { get; init; }

    public IPromptObjective? Objective { get; init; }

    public IPromptAcceptanceGate? Gate { get; init; }

    public required IEmbeddingGenerator<string, Embedding<float>> Embeddings { get; init; }

    public IRunStore? RunStore { get; init; }

    public string? RunId { get; init; }

    public required PromptLoopOptions Options { get; init; }

    public required IReadOnlyDictionary<string, ModelCallSettings> PackageRoleDefaults { get; init; }

    public required JsonObject RunConfiguration { get; init; }

    public required TimeProvider TimeProvider { get; init; }

    public required ILoggerFactory LoggerFactory { get; init; }
}
