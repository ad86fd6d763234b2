using System.ClientModel;
using Microsoft.Extensions.AI;
using PromptForge.Cli.Hosting;

namespace PromptForge.Cli.Providers;

/// <summary>Creates the chat client of a command from its <see cref="ProviderSettings"/> and wires it into a loop builder.</summary>
internal static class ChatClientFactory
{
    /// <summary>Creates the client every role uses; per-role models are applied as role defaults (see <see cref="Configure"/>).</summary>
    public static IChatClient Create(ProviderSettings settings, TimeSpan networkTimeout)
    {
        if (settings.IsSimulator)
        {
            throw new NotAvailableException("the offline simulator (PromptForge.Testing) is not part of this build; use --provider openai --endpoint <url> --model <name>.");
        }

        return new OpenAICompatibleChatClient(new OpenAICompatibleChatClientOptions
        {
            Endpoint = settings.Endpoint,
            Credential = new ApiKeyCredential(settings.ApiKey!),
            DefaultModelId = settings.Model!,
            NetworkTimeout = networkTimeout,
        });
    }

    /// <summary>Gives <paramref name="builder"/> the client, the per-role models and the provider section of config.json (no key).</summary>
    public static PromptLoopBuilder Configure(PromptLoopBuilder builder, ProviderSettings settings, IChatClient client)
    {
        builder.WithChatClient(client).WithRunConfiguration("cli", settings.ToRunConfiguration());
        foreach ((ModelRoleKind kind, string model) in settings.RoleModels)
        {
            builder.ConfigureRole(kind.ToString().ToLowerInvariant(), s => s.ModelId = model);
        }

        return builder;
    }
}
