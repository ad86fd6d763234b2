using Microsoft.Extensions.AI;

namespace PromptForge;

/// <summary>The chat client for each role kind, with a default for kinds not given their own.</summary>
internal sealed class ModelRoleClients
{
    private readonly Dictionary<ModelRoleKind, IChatClient> _clients = [];

    public IChatClient? Default { get; set; }

    public void Set(ModelRoleKind kind, IChatClient client) => _clients[kind] = client;

    public IChatClient? Find(ModelRoleKind kind) => _clients.TryGetValue(kind, out var client) ? client : Default;

    public IChatClient Get(ModelRoleKind kind) =>
        Find(kind) ?? throw new InvalidOperationException(
            $"No chat client for the {ModelRole.KindTag(kind)} role: call WithChatClient(...) or With{kind}Client(...).");

    public ModelRoleClients Clone()
    {
        var copy = new ModelRoleClients { Default = Default };
        foreach (var (k, v) in _clients)
        {
            copy._clients[k] = v;
        }

        return copy;
    }
}
