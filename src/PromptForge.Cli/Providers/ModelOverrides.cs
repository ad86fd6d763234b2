namespace PromptForge.Cli.Providers;

/// <summary>
/// Applies the models given on the command line to a package's role tags, so that they win over models a package took
/// from its own config file (tag-level role settings are more specific than kind-level ones).
/// </summary>
internal static class ModelOverrides
{
    public static PromptLoopBuilder Apply(PromptLoopBuilder builder, ProviderSettings provider, IEnumerable<ModelRole> roles)
    {
        if (provider.CommandLineModel is null && provider.RoleModels.Count == 0)
        {
            return builder;
        }

        foreach (ModelRole role in roles)
        {
            if (provider.RoleModels.TryGetValue(role.Kind, out string? model) || (model = provider.CommandLineModel) is not null)
            {
                builder.ConfigureRole(role.Tag, settings => settings.ModelId = model);
            }
        }

        return builder;
    }
}
